#include "govsim/graph/org_graph.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace govsim::graph;

namespace {
Unit unit(const std::string& name, int level, std::uint64_t households = 0) {
  Unit u;
  u.name = name;
  u.level = level;
  u.households = households;
  return u;
}
}  // namespace

TEST(OrgGraph, TreeQueriesAfterFinalize) {
  OrgGraph g;
  const auto top = g.add_unit(unit("top", 0));
  const auto a = g.add_unit(unit("top/a", 1));
  const auto b = g.add_unit(unit("top/b", 1, 50));
  const auto a1 = g.add_unit(unit("top/a/1", 2, 100));
  const auto a2 = g.add_unit(unit("top/a/2", 2, 200));
  g.add_link(a, top, LinkKind::kReportsTo);
  g.add_link(b, top, LinkKind::kReportsTo);
  g.add_link(a1, a, LinkKind::kReportsTo);
  g.add_link(a2, a, LinkKind::kReportsTo);
  g.add_link(a, b, LinkKind::kSummons);
  g.finalize();
  EXPECT_EQ(g.root(), top);
  EXPECT_EQ(g.parent(a1), a);
  EXPECT_EQ(g.parent(top), kNoUnit);
  EXPECT_EQ(g.households_under(a), 300u);
  EXPECT_EQ(g.total_households(), 350u);
  EXPECT_EQ(g.leaves(), (std::vector<UnitId>{b, a1, a2}));
  EXPECT_EQ(g.linked(a, LinkKind::kSummons), (std::vector<UnitId>{b}));
  EXPECT_EQ(g.link_count(LinkKind::kReportsTo), 4u);
  EXPECT_EQ(g.find("top/a/2"), a2);
  EXPECT_EQ(g.find("nope"), kNoUnit);
}

TEST(OrgGraph, RejectsBrokenBackbones) {
  {
    OrgGraph g;
    g.add_unit(unit("x", 0));
    g.add_unit(unit("y", 0));
    EXPECT_THROW(g.finalize(), std::invalid_argument);  // two roots
  }
  {
    OrgGraph g;
    auto x = g.add_unit(unit("x", 1));
    auto y = g.add_unit(unit("y", 1));
    g.add_link(x, y, LinkKind::kReportsTo);  // same level
    EXPECT_THROW(g.finalize(), std::invalid_argument);
  }
  {
    OrgGraph g;
    g.add_unit(unit("x", 0));
    EXPECT_THROW(g.add_unit(unit("x", 1)), std::invalid_argument);  // duplicate name
  }
}
