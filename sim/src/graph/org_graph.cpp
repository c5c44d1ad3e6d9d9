#include "govsim/graph/org_graph.hpp"

#include <algorithm>
#include <stdexcept>

namespace govsim::graph {

const char* to_string(LinkKind k) {
  switch (k) {
    case LinkKind::kReportsTo: return "reports_to";
    case LinkKind::kSummons: return "summons";
    case LinkKind::kCoordinates: return "coordinates";
  }
  return "?";
}

UnitId OrgGraph::add_unit(Unit unit) {
  const auto id = static_cast<UnitId>(boost::num_vertices(graph_));
  if (!by_name_.emplace(unit.name, id).second)
    throw std::invalid_argument("expected unique unit names; '" + unit.name + "' appears twice");
  boost::add_vertex(std::move(unit), graph_);
  return id;
}

void OrgGraph::add_link(UnitId from, UnitId to, LinkKind kind) {
  if (from >= size() || to >= size()) throw std::invalid_argument("expected a link between existing units");
  if (from == to) throw std::invalid_argument("expected a link between two different units ('" + graph_[from].name + "')");
  boost::add_edge(from, to, Link{kind}, graph_);
}

UnitId OrgGraph::find(const std::string& name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? kNoUnit : it->second;
}

std::vector<UnitId> OrgGraph::linked(UnitId u, LinkKind kind) const {
  std::vector<UnitId> out;
  for (auto [e, end] = boost::out_edges(u, graph_); e != end; ++e)
    if (graph_[*e].kind == kind) out.push_back(static_cast<UnitId>(boost::target(*e, graph_)));
  return out;
}

std::size_t OrgGraph::link_count(LinkKind kind) const {
  std::size_t n = 0;
  for (auto [e, end] = boost::edges(graph_); e != end; ++e) n += graph_[*e].kind == kind;
  return n;
}

void OrgGraph::finalize() {
  const std::size_t n = size();
  if (n == 0) throw std::invalid_argument("expected at least one unit");
  parent_.assign(n, kNoUnit);
  children_.assign(n, {});
  for (auto [e, end] = boost::edges(graph_); e != end; ++e) {
    if (graph_[*e].kind != LinkKind::kReportsTo) continue;
    const auto child = static_cast<UnitId>(boost::source(*e, graph_));
    const auto par = static_cast<UnitId>(boost::target(*e, graph_));
    if (parent_[child] != kNoUnit)
      throw std::invalid_argument("expected one reports_to parent for unit '" + graph_[child].name + "'");
    if (graph_[par].level >= graph_[child].level)
      throw std::invalid_argument("expected unit '" + graph_[child].name +
                                  "' to report to a unit at a higher level, not '" + graph_[par].name + "'");
    parent_[child] = par;
  }
  root_ = kNoUnit;
  for (UnitId u = 0; u < n; ++u) {
    if (parent_[u] != kNoUnit) {
      children_[parent_[u]].push_back(u);
    } else if (root_ == kNoUnit) {
      root_ = u;
    } else {
      throw std::invalid_argument("expected a single top unit; both '" + graph_[root_].name + "' and '" +
                                  graph_[u].name + "' have no reports_to parent");
    }
  }
  // Levels strictly increase downwards, so the backbone has no cycle; one root => a tree.
  leaves_.clear();
  households_under_.assign(n, 0);
  // Children have larger levels than parents: process units by decreasing level to sum subtrees.
  std::vector<UnitId> order(n);
  for (UnitId u = 0; u < n; ++u) order[u] = u;
  std::stable_sort(order.begin(), order.end(),
                   [&](UnitId a, UnitId b) { return graph_[a].level > graph_[b].level; });
  for (UnitId u : order) {
    if (children_[u].empty()) {
      leaves_.push_back(u);
    } else if (graph_[u].households > 0) {
      throw std::invalid_argument("expected households only on units without children; '" + graph_[u].name +
                                  "' has both");
    }
    households_under_[u] += graph_[u].households;
    if (parent_[u] != kNoUnit) households_under_[parent_[u]] += households_under_[u];
  }
  std::sort(leaves_.begin(), leaves_.end());
}

}  // namespace govsim::graph
