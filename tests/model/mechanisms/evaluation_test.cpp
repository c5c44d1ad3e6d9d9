#include "model/mechanisms/evaluation.hpp"

#include <gtest/gtest.h>

#include "model/mechanisms/harness.hpp"

namespace govsim::test {
namespace {

using model::Decision;
using plugin::Action;

constexpr const char* kStaff = R"("server": {"level": "station", "count": 1, "service": {"dist": "deterministic", "value": 1}})";
// No noise: the rating is base + per_day x days + per_rework x reworks.
constexpr const char* kEvaluation =
    R"(, "evaluation": {"base": 0.9, "per_day": -0.1, "per_level_up": -0.03, "per_rework": 0.05, "sd": 0})";

TEST(Evaluation, AResolveIsRatedOnceAndAnAcceptedRatingIsTheSatisfaction) {
  Harness h(one_unit(kStaff, kEvaluation));
  auto& ev = h.add(std::make_unique<model::Evaluation>(h.env, *h.sc.evaluation));
  const auto a = h.issue();
  Decision d;
  Action next;
  ASSERT_TRUE(ev.gate_resolve(a, d, next));  // rated at t = 0: 0.9
  const auto rated = h.router.named("evaluated");
  ASSERT_EQ(rated.size(), 1u);
  EXPECT_DOUBLE_EQ(rated[0].value, 0.9);
  EXPECT_EQ(next.kind, plugin::ActionKind::kResolve);
  EXPECT_DOUBLE_EQ(h.issues[a].satisfaction, 0.9);
  EXPECT_FALSE(ev.gate_resolve(a, d, next));  // accepted within the same decision: the issue closes
}

// A matter that needs consent settled without a meeting (per_unheard): the parties not at the
// table rate it lower; settled at a meeting, or a matter that needs none, as before.
TEST(Evaluation, AConsentMatterSettledWithoutAMeetingIsRatedLower) {
  Harness h(R"({"schema_version": 1, "name": "t", "start_date": "2024-01-01", "levels": ["station"],
    "org": {"units": [{"name": "station", "households": 1000}]},
    "staff": {"server": {"level": "station", "count": 1, "service": {"dist": "deterministic", "value": 1}}},
    "demand": {"categories": {"plain": {"rate_per_household_year": 1.0},
                              "parking": {"rate_per_household_year": 1.0, "consent": {"parties": 3}}}},
    "evaluation": {"base": 0.9, "per_day": 0, "per_level_up": 0, "per_rework": 0, "sd": 0, "per_unheard": -0.4},
    "run": {"horizon_days": 10, "replications": 1, "seed": 3}})");
  auto& ev = h.add(std::make_unique<model::Evaluation>(h.env, *h.sc.evaluation));
  const auto plain = h.issue(0), parking = h.issue(1);
  EXPECT_DOUBLE_EQ(ev.rate(h.issues[plain], 0), 0.9);
  EXPECT_DOUBLE_EQ(ev.rate(h.issues[parking], 0), 0.5);  // settled by staff: 0.9 - 0.4
  h.issues[parking].last_by_meeting = true;
  EXPECT_DOUBLE_EQ(ev.rate(h.issues[parking], 0), 0.9);  // at a meeting
}

TEST(Evaluation, ARatingSentBackIsAReworkAndRaisesTheNextRating) {
  Harness h(one_unit(kStaff, kEvaluation));
  auto& ev = h.add(std::make_unique<model::Evaluation>(h.env, *h.sc.evaluation));
  const auto a = h.issue();
  h.router.evaluation_answer = Action::handle(0);
  Decision d;
  Action next;
  ASSERT_TRUE(ev.gate_resolve(a, d, next));
  EXPECT_EQ(next.kind, plugin::ActionKind::kHandle);
  EXPECT_EQ(h.issues[a].v.reworks, 1);
  EXPECT_DOUBLE_EQ(h.issues[a].satisfaction, -1.0);  // not accepted
  EXPECT_EQ(h.rec.result().reworks, 1u);
  EXPECT_DOUBLE_EQ(ev.rate(h.issues[a], 1), 0.95);  // one rework: +0.05
}

TEST(Evaluation, RatingsFallWithDaysOpenAndAreClippedToZero) {
  Harness h(one_unit(kStaff, kEvaluation));
  auto& ev = h.add(std::make_unique<model::Evaluation>(h.env, *h.sc.evaluation));
  const auto a = h.issue();
  model::Issue& is = h.issues[a];
  is.v.created = -48.0;  // two days ago
  EXPECT_NEAR(ev.rate(is, 0), 0.7, 1e-12);
  is.v.created = -24.0 * 30;
  EXPECT_DOUBLE_EQ(ev.rate(is, 0), 0.0);
}

}  // namespace
}  // namespace govsim::test
