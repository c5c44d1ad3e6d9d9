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
  EXPECT_EQ(w.level_names.size(), 5u);
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
  // Monthly deliberation at every compound; the community joint meeting at every community.
  std::size_t compounds = 0;
  for (model::UnitId u = 0; u < w.units; ++u) compounds += w.level[u] == sc.meetings[0].level;
  std::size_t places0 = 0;
  for (const auto& m : w.meeting_places) places0 += m.type == 0;
  EXPECT_EQ(places0, compounds);
  // Each community summons the district.
  const model::UnitId district = 0;
  for (model::UnitId u = 0; u < w.units; ++u)
    if (w.level[u] == 2) {
      ASSERT_EQ(w.summons_begin[u + 1] - w.summons_begin[u], 1u);
      EXPECT_EQ(w.summons[w.summons_begin[u]], district);
    }
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

}  // namespace
}  // namespace govsim::test
