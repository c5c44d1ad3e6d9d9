#include "model/mechanisms/meetings.hpp"

#include <gtest/gtest.h>

#include "model/mechanisms/harness.hpp"

namespace govsim::test {
namespace {

using model::Decision;
using plugin::Action;

constexpr const char* kStaff = R"("server": {"level": "station", "count": 1, "service": {"dist": "deterministic", "value": 1}})";
// Mondays at 09:00 (2024-01-01 is a Monday), two items at most, two hours.
constexpr const char* kWeekly = R"(, "meetings": {"weekly": {"level": "station",
    "schedule": {"weekly": {"weekday": "mon", "time": "09:00"}}, "agenda_cap": 2, "duration_hours": 2, "success": 1}})";

struct MeetingsTest : ::testing::Test {
  explicit MeetingsTest(const char* meetings = kWeekly) : h(one_unit(kStaff, meetings)) {}
  Harness h;
  model::Timers& timers = h.add(std::make_unique<model::Timers>(h.env));
  model::Meetings& meetings = h.add(std::make_unique<model::Meetings>(h.env, timers));
};

TEST_F(MeetingsTest, ItemsAreTakenUpAtTheMeetingUpToItsCapAndTheRestWait) {
  meetings.start();
  std::vector<std::uint32_t> slots;
  for (int i = 0; i < 3; ++i) {
    slots.push_back(h.issue());
    meetings.carry_out(slots.back(), Action::wait_for_meeting(0), Decision{});
  }
  h.run(24 * 10);
  const auto done = h.router.named("attempt_finished");
  ASSERT_EQ(done.size(), 3u);
  EXPECT_DOUBLE_EQ(done[0].time, 11.0);  // Monday 09:00 + 2 h
  EXPECT_DOUBLE_EQ(done[1].time, 11.0);
  EXPECT_DOUBLE_EQ(done[2].time, 7 * 24 + 11.0);  // beyond the cap: next Monday
  EXPECT_EQ(done[0].result.meeting, 0u);
  EXPECT_TRUE(done[0].result.success);
  EXPECT_EQ(h.rec.result().meetings_held, 2u);
  EXPECT_EQ(h.rec.result().meeting_items, 3u);
  EXPECT_EQ(h.router.named("agenda_item").size(), 3u);
}

TEST_F(MeetingsTest, AnItemTheAgendaDefersGoesBackToThePolicy) {
  meetings.start();
  const auto a = h.issue();
  meetings.carry_out(a, Action::wait_for_meeting(0), Decision{});
  h.router.agenda_answer = Action::escalate();
  h.run(24 * 3);
  const auto moved = h.router.named("carry_out");
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_DOUBLE_EQ(moved[0].time, 9.0);
  EXPECT_EQ(moved[0].value, static_cast<double>(plugin::ActionKind::kEscalate));
  EXPECT_FALSE(h.issues[a].v.waiting);
  EXPECT_EQ(h.rec.result().meetings_held, 0u);  // nothing was taken up
}

TEST_F(MeetingsTest, ReleasedItemsLeaveTheAgendaAndExpeditedOnesGoFirst) {
  meetings.start();
  const auto a = h.issue(), b = h.issue(), c = h.issue();
  for (auto s : {a, b, c}) meetings.carry_out(s, Action::wait_for_meeting(0), Decision{});
  meetings.expedite(c);
  model::Issues::end_wait(h.issues[a]);
  meetings.release(a);
  h.run(24 * 3);
  const auto items = h.router.named("agenda_item");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].slot, c);
  EXPECT_EQ(items[1].slot, b);
}

TEST_F(MeetingsTest, AMeetingTheUnitDoesNotHoldIsAModelError) {
  const auto a = h.issue();
  try {
    meetings.carry_out(a, Action::wait_for_meeting(3), Decision{});
    FAIL();
  } catch (const ModelError& e) {
    EXPECT_STREQ(e.what(), "the policy sent the issue to a meeting that unit 'station' does not hold (meeting type 3)");
  }
}

struct WhenWaiting : MeetingsTest {
  WhenWaiting() : MeetingsTest(R"(, "meetings": {"as_needed": {"level": "station",
      "schedule": {"when_waiting": 2}, "agenda_cap": 5, "duration_hours": 1}})") {}
};

TEST_F(WhenWaiting, AMeetingIsHeldAsSoonAsEnoughItemsWait) {
  meetings.start();
  const auto a = h.issue();
  meetings.carry_out(a, Action::wait_for_meeting(0), Decision{});
  h.sim.schedule(5.0, core::Priority{9}, h.sim.add_handler(
      [](void* p, const core::Event&) {
        auto* t = static_cast<WhenWaiting*>(p);
        t->meetings.carry_out(t->h.issue(), Action::wait_for_meeting(0), Decision{});
      }, this));
  h.run(100);
  const auto done = h.router.named("attempt_finished");
  ASSERT_EQ(done.size(), 2u);
  EXPECT_DOUBLE_EQ(done[0].time, 6.0);  // called at 5 h, when the second item arrived; one hour
}

TEST(MeetingCalendar, MonthlyMeetingsFallOnTheLastDayOfShorterMonths) {
  Harness h(one_unit(kStaff, R"(, "meetings": {"m": {"level": "station", "schedule": {"monthly": {"day": 31, "time": "10:00"}}}})"));
  const auto& schedule = h.sc.meetings[0].schedule;
  EXPECT_DOUBLE_EQ(schedule.next_after(h.sc.calendar, -1), 30 * 24 + 10.0);         // 2024-01-31
  EXPECT_DOUBLE_EQ(schedule.next_after(h.sc.calendar, 30 * 24 + 10.0), 59 * 24 + 10.0);  // 2024-02-29 (leap year)
}

}  // namespace
}  // namespace govsim::test
