#include "govsim/model/world.hpp"

#include <gtest/gtest.h>

#include "model/mechanisms/harness.hpp"
#include "test_util.hpp"

namespace govsim::test {
namespace {

TEST(World, KenlisTablesDescribeItsOrganisation) {
  const auto sc = load("scenarios/kenli.json");
  const model::World w(sc);
  EXPECT_EQ(w.units, sc.org.size());
  EXPECT_EQ(w.level_names.size(), 6u);
  // Every unit's pools lie in its range and name it; a handler is one of the unit's roles.
  for (model::UnitId u = 0; u < w.units; ++u) {
    for (auto p = w.pool_begin[u]; p < w.pool_begin[u + 1]; ++p) {
      EXPECT_EQ(w.pools[p].unit, u);
      EXPECT_EQ(w.find_pool(u, w.pools[p].role), p);
    }
    for (std::size_t c = 0; c < w.categories; ++c) {
      const auto role = w.handler[u * w.categories + c];
      if (role != model::kNoRole) {
        EXPECT_NE(w.find_pool(u, role), model::World::kNone);
      }
    }
  }
  // Cumulative shares end at exactly 1.
  for (const auto& cum : w.severity_cum) EXPECT_EQ(cum.back(), 1.0);
  for (const auto& cum : w.channel_cum) EXPECT_EQ(cum.back(), 1.0);
  // Red-bench meetings and the monthly deliberation at every compound.
  std::size_t compounds = 0;
  for (model::UnitId u = 0; u < w.units; ++u) compounds += w.level[u] == sc.meetings[0].level;
  EXPECT_EQ(compounds, 187u);
  std::size_t places0 = 0, places1 = 0;
  for (const auto& m : w.meeting_places) {
    places0 += m.type == 0;
    places1 += m.type == 1;
  }
  EXPECT_EQ(places0, compounds);
  EXPECT_EQ(places1, compounds);
  // The street summons the 18 departments, units at the department level owning categories.
  std::size_t summoning = 0;
  for (model::UnitId u = 0; u < w.units; ++u) {
    const auto n = w.summons_begin[u + 1] - w.summons_begin[u];
    if (n == 0) continue;
    ++summoning;
    EXPECT_EQ(w.level_names[static_cast<std::size_t>(w.level[u])], "street");
    ASSERT_EQ(n, 18u);
    for (auto k = w.summons_begin[u]; k < w.summons_begin[u + 1]; ++k) {
      EXPECT_EQ(w.level_names[static_cast<std::size_t>(w.level[w.summons[k]])], "department");
      EXPECT_TRUE(sc.owns_any(w.summons[k]));
    }
  }
  EXPECT_EQ(summoning, 1u);
}

TEST(World, IssuesAriseOnlyAtLeavesWithHouseholds) {
  const auto sc = scenario_from_text(R"({"schema_version": 1, "name": "t", "start_date": "2024-01-01",
    "levels": ["top", "leaf"],
    "org": {"units": [{"name": "top", "level": "top", "children": [
      {"name": "a", "level": "leaf", "households": 10}, {"name": "empty", "level": "leaf", "households": 0}]}]},
    "staff": {"s": {"level": "leaf", "count": 1, "service": {"dist": "deterministic", "value": 1}}},
    "demand": {"categories": {"job": {"rate_per_household_year": 1.0}}}, "run": {"horizon_days": 1}})");
  const model::World w(sc);
  ASSERT_EQ(w.leaves.size(), 1u);
  EXPECT_EQ(w.unit_name(w.leaves[0]), "top/a");
}

// Grids drawn across units: in each community, compounds in order, a new grid when the next
// compound would take the grid further from 300 households than it is. Community a: 100 + 200 |
// 300 | 400 | 50; community b: 290 | 280 (never across communities). Each grid is one pool at its
// first compound, serving (handling at) all of them, sized per_households 150 on its households;
// a compound with its own staff entry is left out of the grids.
TEST(World, GridsAreDrawnAcrossUnitsWithinEachUnitOfTheHigherLevel) {
  const auto sc = scenario_from_text(R"({"schema_version": 1, "name": "t", "start_date": "2024-01-01",
    "levels": ["street", "community", "compound"],
    "org": {"units": [{"name": "s", "level": "street", "children": [
      {"name": "a", "level": "community", "children": [{"name": "c-{i}", "repeat": 5, "households": [100, 200, 300, 400, 50]},
                                                       {"name": "c-6", "households": 10, "staff": {"worker": 1}}]},
      {"name": "b", "level": "community", "children": [{"name": "c-{i}", "repeat": 2, "households": [290, 280]}]}]}]},
    "staff": {"worker": {"level": "compound", "pooled_at": "community", "grid_households": 300, "per_households": 150,
                         "service": {"dist": "deterministic", "value": 1}}},
    "demand": {"categories": {"job": {"rate_per_household_year": 1.0}}}, "run": {"horizon_days": 1}})");
  const model::World w(sc);
  auto unit = [&](const std::string& path) { return sc.org.find("s/" + path); };
  auto pool = [&](const char* path) { return w.find_pool(unit(path), 0); };
  // Grids: {a/c-1, a/c-2} (300), {a/c-3} (300), {a/c-4} (400), {a/c-5} (50); a/c-6 its own; {b/c-1}, {b/c-2}.
  ASSERT_EQ(w.pools.size(), 7u);
  EXPECT_EQ(pool("a/c-2"), pool("a/c-1"));
  EXPECT_EQ(w.pools[pool("a/c-1")].unit, unit("a/c-1"));
  for (const char* u : {"a/c-3", "a/c-4", "a/c-5", "a/c-6", "b/c-1", "b/c-2"}) EXPECT_EQ(w.pools[pool(u)].unit, unit(u)) << u;
  EXPECT_EQ(w.pool_households[pool("a/c-1")], 300u);
  EXPECT_EQ(w.pool_households[pool("a/c-4")], 400u);
  EXPECT_EQ(w.pool_households[pool("a/c-6")], 10u);
  // Staff: round(300/150) = 2, 2, round(400/150) = 3, at least 1 for 50; 1 (its own entry); 2, 2.
  EXPECT_EQ(w.pools[pool("a/c-1")].servers, 2u);
  EXPECT_EQ(w.pools[pool("a/c-3")].servers, 2u);
  EXPECT_EQ(w.pools[pool("a/c-4")].servers, 3u);
  EXPECT_EQ(w.pools[pool("a/c-5")].servers, 1u);
  EXPECT_EQ(w.pools[pool("a/c-6")].servers, 1u);
  EXPECT_EQ(w.pools[pool("b/c-2")].servers, 2u);
  // The grid's role handles at every compound of it, not at the communities.
  EXPECT_EQ(w.handler[unit("a/c-2") * w.categories], 0u);
  EXPECT_EQ(w.handler[unit("a") * w.categories], model::kNoRole);
  EXPECT_NE(unit("a/c-2"), graph::kNoUnit);
}

}  // namespace
}  // namespace govsim::test
