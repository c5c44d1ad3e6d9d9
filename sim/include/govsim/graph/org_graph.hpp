#pragma once
// The organisation: units (vertices) joined by links (edges) in a Boost.Graph. `reports_to` links
// form the backbone tree that issues climb; `summons` and `coordinates` links are lateral.
// After finalize(), flat per-unit arrays (parent, level, households under) serve the hot path.
#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace govsim::graph {

using UnitId = std::uint32_t;
using RoleId = std::uint16_t;
inline constexpr UnitId kNoUnit = std::numeric_limits<UnitId>::max();

enum class LinkKind : std::uint8_t { kReportsTo, kSummons, kCoordinates };
const char* to_string(LinkKind k);

struct Unit {
  std::string name;  // unique path, e.g. "kenli/street/community-3"
  int level = 0;     // index into the scenario's levels, 0 = top
  std::uint64_t households = 0;
  int authority = 0;  // highest severity this unit can settle
  std::vector<std::pair<RoleId, std::uint32_t>> staff;  // role pools: (role, count)
};

struct Link {
  LinkKind kind = LinkKind::kReportsTo;
};

class OrgGraph {
 public:
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, Unit, Link>;

  /// Adds a unit; throws std::invalid_argument if the name is taken.
  UnitId add_unit(Unit unit);
  /// Adds a link from `from` to `to` (a reports_to link goes child → parent).
  void add_link(UnitId from, UnitId to, LinkKind kind);
  /// Checks the backbone (one root, one parent per other unit, parents one or more levels up, no
  /// cycle) and computes the flat arrays. Throws std::invalid_argument naming the offending unit.
  void finalize();

  std::size_t size() const { return boost::num_vertices(graph_); }
  const Unit& unit(UnitId u) const { return graph_[u]; }
  Unit& unit(UnitId u) { return graph_[u]; }
  UnitId find(const std::string& name) const;
  UnitId root() const { return root_; }
  UnitId parent(UnitId u) const { return parent_[u]; }
  const std::vector<UnitId>& children(UnitId u) const { return children_[u]; }
  const std::vector<UnitId>& leaves() const { return leaves_; }
  /// Households in the subtree under u (u included).
  std::uint64_t households_under(UnitId u) const { return households_under_[u]; }
  std::uint64_t total_households() const { return households_under_.empty() ? 0 : households_under_[root_]; }
  /// Units linked from u by `kind` (outgoing edges).
  std::vector<UnitId> linked(UnitId u, LinkKind kind) const;
  std::size_t link_count(LinkKind kind) const;
  const Graph& graph() const { return graph_; }

 private:
  Graph graph_;
  std::unordered_map<std::string, UnitId> by_name_;
  UnitId root_ = kNoUnit;
  std::vector<UnitId> parent_;
  std::vector<std::vector<UnitId>> children_;
  std::vector<UnitId> leaves_;
  std::vector<std::uint64_t> households_under_;
};

}  // namespace govsim::graph
