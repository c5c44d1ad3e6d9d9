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
  model::StaffPools& pools = h.add(std::make_unique<model::StaffPools>(h.env));
  model::Timers& timers = h.add(std::make_unique<model::Timers>(h.env));
  model::Meetings& meetings = h.add(std::make_unique<model::Meetings>(h.env, timers, pools));
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

// Meetings with participants: `count` members of a pool whose attempts take 3 hours; a weekly
// Monday meeting at 01:00 (2024-01-01 is a Monday) of four hours that the members sit in.
struct Seated : ::testing::Test {
  static std::string scenario(int count, const std::string& seating) {
    return one_unit(R"("server": {"level": "station", "count": )" + std::to_string(count) +
                        R"(, "service": {"dist": "deterministic", "value": 3}})",
                    R"(, "meetings": {"weekly": {"level": "station", "schedule": {"weekly": {"weekday": "mon", "time": "01:00"}},
                        "duration_hours": 4, "participants": {"server": )" + std::to_string(count) + "}, " + seating + "}}");
  }
  explicit Seated(int count, const std::string& seating) : h(scenario(count, seating)) {}
  Harness h;
  model::StaffPools& pools = h.add(std::make_unique<model::StaffPools>(h.env));
  model::Timers& timers = h.add(std::make_unique<model::Timers>(h.env));
  model::Meetings& meetings = h.add(std::make_unique<model::Meetings>(h.env, timers, pools));

  double meeting_hours() const { return h.rec.result().utilisation[0].hours[static_cast<std::size_t>(model::Work::kMeetings)]; }
  const model::ReplicationResult& result() const { return h.rec.result(); }
  std::uint32_t on_agenda() {
    const auto slot = h.issue();
    meetings.carry_out(slot, Action::wait_for_meeting(0), Decision{});
    return slot;
  }
  std::uint32_t handled() {
    const auto slot = h.issue();
    pools.enqueue(slot, 0, true, false);
    return slot;
  }
  std::vector<double> finished() const {
    std::vector<double> t;
    for (const auto& c : h.router.named("attempt_finished")) t.push_back(c.time);
    return t;
  }
};

struct TwoPrepared : Seated {
  TwoPrepared() : Seated(2, R"("preparation_hours": 1)") {}
};

TEST_F(TwoPrepared, AMeetingTakesExactlyItsHoursAndPreparationFromEachParticipant) {
  meetings.start();
  on_agenda();
  h.run(24 * 10);
  EXPECT_EQ(finished(), std::vector<double>{5.0});  // 01:00 + 4 h
  EXPECT_DOUBLE_EQ(meeting_hours(), 2 * (1 + 4.0));  // both members, from 00:00 to 05:00
  EXPECT_EQ(result().meetings_held, 1u);              // the next Monday's has nothing to discuss: not called
  EXPECT_EQ(result().meetings_late_by_type[0], 0u);
  EXPECT_EQ(result().meetings_not_held_by_type[0], 0u);
  EXPECT_EQ(pools.view(0).busy, 0u);
}

struct OneLate : Seated {
  OneLate() : Seated(1, R"("late_hours": 24)") {}
};

TEST_F(OneLate, AMeetingWhoseQuorumIsBusyIsHeldWhenItComesFreeAndGoesBeforeTheQueue) {
  meetings.start();
  handled();  // 00:00 to 03:00
  handled();  // waits
  on_agenda();
  h.run(24 * 10);
  // The member leaves the first attempt at 03:00 for the meeting (two hours late, to 07:00), then the queue.
  EXPECT_EQ(finished(), (std::vector<double>{3.0, 7.0, 10.0}));
  EXPECT_DOUBLE_EQ(meeting_hours(), 4.0);
  EXPECT_EQ(result().meetings_late_by_type[0], 1u);
  EXPECT_DOUBLE_EQ(result().meeting_late_hours_by_type[0], 2.0);
}

struct OneOnTime : Seated {
  OneOnTime() : Seated(1, R"("late_hours": 0)") {}
};

TEST_F(OneOnTime, AMeetingWithoutItsQuorumAtItsHourIsNotHeldAndItsItemsWaitForTheNext) {
  meetings.start();
  handled();
  on_agenda();
  h.run(24 * 10);
  EXPECT_EQ(finished(), (std::vector<double>{3.0, 7 * 24 + 5.0}));
  EXPECT_EQ(result().meetings_not_held_by_type[0], 1u);
  EXPECT_EQ(result().meetings_held, 1u);
  EXPECT_DOUBLE_EQ(meeting_hours(), 4.0);  // the one held
}

struct TwoHalfQuorum : Seated {
  TwoHalfQuorum() : Seated(2, R"("quorum": 0.5)") {}
};

TEST_F(TwoHalfQuorum, AQuorumSitsOnTimeAndAMemberWhoComesFreeJoinsIt) {
  meetings.start();
  handled();  // one member busy to 03:00
  on_agenda();
  h.run(24 * 10);
  EXPECT_EQ(finished(), (std::vector<double>{3.0, 5.0}));
  EXPECT_DOUBLE_EQ(meeting_hours(), 4.0 + 2.0);  // one from 01:00, the other from 03:00
  EXPECT_EQ(result().meetings_late_by_type[0], 0u);
}

struct OneLateToTheLimit : Seated {
  OneLateToTheLimit() : Seated(1, R"("late_hours": 2)") {}
};

// The quorum comes free at 03:00, exactly when the meeting would give up waiting (01:00 + 2 h): it
// sits, two hours late, and is not also counted as not held.
TEST_F(OneLateToTheLimit, AQuorumThatComesAtTheLastMomentSitsTheMeeting) {
  meetings.start();
  handled();  // 00:00 to 03:00
  on_agenda();
  h.run(24 * 10);
  EXPECT_EQ(finished(), (std::vector<double>{3.0, 7.0}));
  EXPECT_DOUBLE_EQ(meeting_hours(), 4.0);
  EXPECT_EQ(result().meetings_late_by_type[0], 1u);
  EXPECT_EQ(result().meetings_not_held_by_type[0], 0u);
  EXPECT_EQ(result().meetings_held, 1u);
  EXPECT_EQ(pools.view(0).busy, 0u);
}

// A meeting still sitting at the horizon: its members' hours up to it count.
TEST(MeetingsAtTheHorizon, MembersStillSeatedCountTheirHoursSoFar) {
  Harness h(one_unit(R"("server": {"level": "station", "count": 2, "service": {"dist": "deterministic", "value": 3}})",
                     R"(, "meetings": {"long": {"level": "station", "schedule": {"weekly": {"weekday": "mon", "time": "01:00"}},
                        "duration_hours": 144, "participants": {"server": 2}, "preparation_hours": 1}})",
                     R"({"horizon_days": 3, "replications": 1, "seed": 3})"));
  auto& pools = h.add(std::make_unique<model::StaffPools>(h.env));
  auto& timers = h.add(std::make_unique<model::Timers>(h.env));
  auto& meetings = h.add(std::make_unique<model::Meetings>(h.env, timers, pools));
  meetings.start();
  meetings.carry_out(h.issue(), Action::wait_for_meeting(0), Decision{});
  h.run(72);
  meetings.finish();
  EXPECT_DOUBLE_EQ(h.rec.result().utilisation[0].hours[static_cast<std::size_t>(model::Work::kMeetings)], 2 * 72.0);
}

TEST(MeetingCalendar, MonthlyMeetingsFallOnTheLastDayOfShorterMonths) {
  Harness h(one_unit(kStaff, R"(, "meetings": {"m": {"level": "station", "schedule": {"monthly": {"day": 31, "time": "10:00"}}}})"));
  const auto& schedule = h.sc.meetings[0].schedule;
  EXPECT_DOUBLE_EQ(schedule.next_after(h.sc.calendar, -1), 30 * 24 + 10.0);         // 2024-01-31
  EXPECT_DOUBLE_EQ(schedule.next_after(h.sc.calendar, 30 * 24 + 10.0), 59 * 24 + 10.0);  // 2024-02-29 (leap year)
}

}  // namespace
}  // namespace govsim::test
