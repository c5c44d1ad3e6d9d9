#include "model/mechanisms/sla.hpp"

#include <gtest/gtest.h>

#include "model/mechanisms/harness.hpp"

namespace govsim::test {
namespace {

constexpr const char* kStaff = R"("server": {"level": "station", "count": 1, "service": {"dist": "deterministic", "value": 1}})";
constexpr const char* kSla = R"(, "sla": {"limits_hours": {"default": 10}, "warning_fraction": 0.8})";

TEST(SlaClocks, AWarningThenTheBreachEachToldToThePolicyAndCounted) {
  Harness h(one_unit(kStaff, kSla));
  auto& sla = h.add(std::make_unique<model::SlaClocks>(h.env, *h.sc.sla));
  const auto a = h.issue();
  sla.on_discovered(a);
  h.run(100);
  const auto ev = h.router.named("sla_event");
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_DOUBLE_EQ(ev[0].time, 8.0);
  EXPECT_EQ(ev[0].value, static_cast<double>(plugin::SlaEvent::kWarning));
  EXPECT_DOUBLE_EQ(ev[1].time, 10.0);
  EXPECT_EQ(ev[1].value, static_cast<double>(plugin::SlaEvent::kBreach));
  EXPECT_EQ(h.rec.result().sla_warnings, 1u);
  EXPECT_EQ(h.rec.result().sla_breaches, 1u);
}

TEST(SlaClocks, AnIssueResolvedWithinItsLimitMeetsItAndItsClockStops) {
  Harness h(one_unit(kStaff, kSla));
  auto& sla = h.add(std::make_unique<model::SlaClocks>(h.env, *h.sc.sla));
  const auto a = h.issue();
  sla.on_discovered(a);
  sla.on_closed(a, model::Outcome::kResolved);  // at t = 0, within 10 h
  h.run(100);
  EXPECT_TRUE(h.router.named("sla_event").empty());
  EXPECT_EQ(h.rec.result().sla_met, 1u);
}

TEST(SlaClocks, AnIssueClosedUnresolvedDoesNotMeetIt) {
  Harness h(one_unit(kStaff, kSla));
  auto& sla = h.add(std::make_unique<model::SlaClocks>(h.env, *h.sc.sla));
  const auto a = h.issue();
  sla.on_discovered(a);
  sla.on_closed(a, model::Outcome::kClosedUnresolved);
  EXPECT_EQ(h.rec.result().sla_met, 0u);
}

}  // namespace
}  // namespace govsim::test
