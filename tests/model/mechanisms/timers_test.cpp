#include "model/mechanisms/timers.hpp"

#include <gtest/gtest.h>

#include "model/mechanisms/harness.hpp"

namespace govsim::test {
namespace {

using model::Decision;
using plugin::Action;

constexpr const char* kStaff = R"("server": {"level": "station", "count": 1, "service": {"dist": "deterministic", "value": 1}})";

TEST(Timers, ATimerFiresWithItsTagAndANewOneReplacesIt) {
  Harness h(one_unit(kStaff));
  auto& timers = h.add(std::make_unique<model::Timers>(h.env));
  const auto a = h.issue();
  timers.set(a, Action::keep().with_timer(7, 5.0));
  timers.set(a, Action::keep().with_timer(8, 3.0));  // replaces the first
  h.run(100);
  const auto fired = h.router.named("timer_fired");
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_DOUBLE_EQ(fired[0].time, 3.0);
  EXPECT_EQ(fired[0].value, 8);
}

TEST(Timers, ClosingTheIssueCancelsItsTimer) {
  Harness h(one_unit(kStaff));
  auto& timers = h.add(std::make_unique<model::Timers>(h.env));
  const auto a = h.issue();
  timers.set(a, Action::keep().with_timer(1, 5.0));
  timers.closed(a);
  h.run(100);
  EXPECT_TRUE(h.router.named("timer_fired").empty());
  EXPECT_EQ(h.sim.events(), 0u);  // cancelled, so it never ran as an event
}

TEST(Timers, ACalendarTimerCountsWorkingHours) {
  Harness h(one_unit(kStaff, R"(, "calendars": {"office": {"weekly": {"mon-fri": [["09:00", "17:00"]]}}})"));
  auto& timers = h.add(std::make_unique<model::Timers>(h.env));
  const auto a = h.issue();  // Monday 00:00
  timers.set(a, Action::keep().with_timer(1, 10.0, 1));  // calendar 1 = office
  h.run(1000);
  const auto fired = h.router.named("timer_fired");
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_DOUBLE_EQ(fired[0].time, 24.0 + 11.0);  // 8 h on Monday, 2 more on Tuesday from 9:00
}

TEST(Timers, WaitParksUntilTheTimerAndAMoveUnparks) {
  Harness h(one_unit(kStaff));
  auto& timers = h.add(std::make_unique<model::Timers>(h.env));
  const auto a = h.issue();
  const Action wait = Action::wait().with_timer(2, 4.0);
  timers.set(a, wait);
  timers.carry_out(a, wait, Decision{});
  EXPECT_TRUE(timers.parked(a));
  timers.on_moved(a);  // moved by another answer: the park and its wake-up go
  EXPECT_FALSE(timers.parked(a));
  h.run(100);
  EXPECT_TRUE(h.router.named("timer_fired").empty());
}

TEST(Timers, AnswersThatLeaveTheIssueNowhereAreModelErrors) {
  Harness h(one_unit(kStaff));
  auto& timers = h.add(std::make_unique<model::Timers>(h.env));
  const auto a = h.issue();
  auto message = [&](const Action& act, Decision d) -> std::string {
    try {
      timers.carry_out(a, act, d);
    } catch (const ModelError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(message(Action::wait(), Decision{}),
            "the policy answered wait() without a timer (with_timer), leaving the issue nowhere");
  EXPECT_EQ(message(Action::keep(), Decision{}), "the policy answered keep() outside a timer, leaving the issue nowhere");
  EXPECT_EQ(message(Action::expedite(), Decision{}), "the policy answered expedite() outside a timer or SLA event");
  EXPECT_EQ(message(Action::keep(), Decision{true, false, 0, false}), "no error");
  EXPECT_TRUE(h.router.named("expedite").empty());
  EXPECT_EQ(message(Action::expedite(), Decision{true, false, 0, false}), "no error");
  EXPECT_EQ(h.router.named("expedite").size(), 1u);  // handed to whoever holds the issue
  try {
    timers.set(a, Action::keep().with_timer(1, -1.0));
    FAIL();
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("a timer of -1"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace govsim::test
