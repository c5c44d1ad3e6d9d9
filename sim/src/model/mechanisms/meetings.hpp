#pragma once
// Scheduled meetings (scenario "meetings"): every unit of a meeting type's level holds them, by a
// calendar rule (monthly, weekly, quarterly) or as soon as enough items wait. wait_for_meeting()
// puts an issue on the unit's agenda; at the meeting the policy takes each item up (keep), defers
// or moves it; up to the agenda cap are discussed for the meeting's duration, then each is settled
// with the meeting's success chance if within the unit's authority.
//
// A meeting type with participants takes their time. It is called `preparation_hours` before its
// hour if items wait on its agenda (else it is not called): each participant pool's seats are
// claimed (StaffPools::claim) — free members sit at once, busy ones as they come free, before any
// other work. It is held at its hour when its quorum of seats is taken, else as soon as it is
// (up to `late_hours` late), else not at all: the members sat in vain and the items wait for the
// next. Members who come free while it sits join it; all leave at its end. A meeting called by
// its agenda count (when_waiting) is called `preparation_hours` before it is held; one not held
// is called again a day later.
#include <cstdint>
#include <string>
#include <vector>

#include "govsim/core/ring_queue.hpp"
#include "model/mechanism.hpp"
#include "model/mechanisms/staff_pools.hpp"
#include "model/mechanisms/timers.hpp"

namespace govsim::model {

/// The refusal of wait_for_meeting(type) at a unit that holds no such meeting.
std::string meeting_refusal(const World& world, UnitId unit, std::uint32_t type);

class Meetings final : public Mechanism, public SeatClient {
 public:
  Meetings(const Env& env, Timers& timers, StaffPools& pools);

  void start() override;
  void finish() override;
  std::vector<plugin::ActionKind> actions() const override { return {plugin::ActionKind::kMeeting}; }
  void carry_out(std::uint32_t slot, const plugin::Action& action, const Decision& d) override;
  void reserve(std::size_t slots) override { place_of_.resize(slots); }
  void release(std::uint32_t slot) override;
  void expedite(std::uint32_t slot) override;
  void seated(std::uint32_t pool, std::uint32_t m, double until, std::uint32_t n) override;

 private:
  // A meeting with participants: not called, called (seats claimed, before its hour), waiting for
  // its quorum past its hour, sitting.
  enum class State : std::uint8_t { kIdle, kCalled, kLate, kSitting };
  struct Member {  // `n` members of a pool seated at the same moment
    std::uint32_t pool;
    std::uint32_t n;
    double since;
  };
  struct Instance {  // one unit's meetings of one type
    core::RingQueue<QueueEntry> agenda;
    std::uint32_t waiting = 0;  // live items on the agenda
    bool running = false, scheduled = false;
    std::vector<std::uint32_t> batch;  // issue slots being discussed
    // With participants:
    State state = State::kIdle;
    double next_hour = 0, hour = 0;  // the hour of the meeting scheduled next, and of the one called
    std::uint32_t taken = 0;          // seats taken
    bool start_pending = false;
    core::EventId give_up;
    std::vector<Member> members;  // seated
  };
  static constexpr std::uint32_t kLateStart = 1;  // a start event's b: the quorum came after the hour
  bool has_seats(std::uint32_t m) const { return env_.world.seats_begin[m] < env_.world.seats_begin[m + 1]; }
  void schedule(std::uint32_t m, double after);
  /// A when_waiting meeting is called at `at` (its items are there).
  void convene(std::uint32_t m, double at);
  void on_call(const core::Event& e);
  void on_start(const core::Event& e);
  void on_give_up(const core::Event& e);
  void on_end(const core::Event& e);
  /// The policy sets the agenda: the items taken up go into the batch.
  void take_up_agenda(std::uint32_t m, double now);
  /// A meeting with participants sits now (its quorum is there).
  void sit(std::uint32_t m);
  /// Its unseated claims are dropped and its members leave (their hours are meeting hours).
  void disperse(std::uint32_t m);
  const MeetingSpec& spec(std::uint32_t m) const { return env_.sc.meetings[env_.world.meeting_places[m].type]; }

  Env env_;
  Timers& timers_;
  StaffPools& pools_;
  std::vector<Instance> instances_;  // at World::meeting_places' indices
  std::vector<std::uint32_t> place_of_;  // per issue: the agenda it waits on
  std::vector<std::uint32_t> need_;   // per meeting place: seats for a quorum
  std::vector<std::uint32_t> seats_;  // per meeting place: all its seats
  std::uint32_t start_, end_, call_, give_up_;  // event kinds
};

}  // namespace govsim::model
