#include "model/mechanisms/joint.hpp"

#include <gtest/gtest.h>

#include "model/mechanisms/harness.hpp"

namespace govsim::test {
namespace {

using model::Decision;
using plugin::Action;

// A community that can summon two departments; one worker each, three hours a part.
constexpr const char* kOrg = R"({"schema_version": 1, "name": "t", "start_date": "2024-01-01",
  "levels": ["district", "community"],
  "org": {"units": [{"name": "d", "level": "district", "children": [
    {"name": "c", "level": "community", "households": 100, "summons": ["d/x", "d/y"]},
    {"name": "x", "level": "community", "households": 0},
    {"name": "y", "level": "community", "households": 0}]}]},
  "staff": {"worker": {"level": "community", "count": 1, "service": {"dist": "deterministic", "value": 3}}},
  "demand": {"categories": {"job": {"rate_per_household_year": 1.0}}},
  "run": {"horizon_days": 10, "replications": 1, "seed": 3}})";

struct JointTest : ::testing::Test {
  Harness h{kOrg};
  model::StaffPools& pools = h.add(std::make_unique<model::StaffPools>(h.env));
  model::JointHandling& joint = h.add(std::make_unique<model::JointHandling>(h.env, pools));
};

TEST_F(JointTest, TheAttemptEndsWhenEveryPartHasReported) {
  const auto a = h.issue();
  joint.carry_out(a, Action::summon(2), Decision{});
  EXPECT_TRUE(h.issues[a].v.in_service);
  h.run(100);
  const auto done = h.router.named("attempt_finished");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_DOUBLE_EQ(done[0].time, 3.0);  // both parts in parallel
  EXPECT_EQ(done[0].result.departments, 2u);
  EXPECT_TRUE(done[0].result.success);
  EXPECT_DOUBLE_EQ(done[0].result.service_hours, 3.0);
  EXPECT_EQ(h.rec.result().joint_handlings, 1u);
  EXPECT_EQ(h.rec.result().departments_summoned, 2u);
}

TEST_F(JointTest, MorePartsThanLinksCycleAndQueueAtTheDepartments) {
  const auto a = h.issue();
  joint.carry_out(a, Action::summon(3), Decision{});  // one department gets two parts, one after the other
  h.run(100);
  const auto done = h.router.named("attempt_finished");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_DOUBLE_EQ(done[0].time, 6.0);
  EXPECT_EQ(done[0].result.departments, 3u);
}

TEST_F(JointTest, APartBeyondADepartmentsAuthorityFailsTheWhole) {
  const auto a = h.issue(0, 9);
  joint.carry_out(a, Action::summon(2), Decision{});
  h.run(100);
  const auto done = h.router.named("attempt_finished");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_FALSE(done[0].result.within_authority);
  EXPECT_FALSE(done[0].result.success);
}

TEST_F(JointTest, SummonsWithoutLinksOrOfNoDepartmentsAreModelErrors) {
  const auto at_x = h.issue(0, 1, 2);  // unit x has no summons links
  auto message = [&](std::uint32_t slot, const Action& act) -> std::string {
    try {
      joint.carry_out(slot, act, Decision{});
    } catch (const ModelError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(message(at_x, Action::summon(1)), "the policy summoned departments from unit 'd/x', which has no summons links");
  EXPECT_EQ(message(h.issue(), Action::summon(0)), "the policy summoned 0 departments; expected 1 to 1000");
}

}  // namespace
}  // namespace govsim::test
