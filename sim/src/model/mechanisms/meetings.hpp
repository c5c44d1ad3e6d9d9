#pragma once
// Scheduled meetings (scenario "meetings"): every unit of a meeting type's level holds them, by a
// calendar rule (monthly, weekly, quarterly) or as soon as enough items wait. wait_for_meeting()
// puts an issue on the unit's agenda; at the meeting the policy takes each item up (keep), defers
// or moves it; up to the agenda cap are discussed for the meeting's duration, then each is settled
// with the meeting's success chance if within the unit's authority.
#include <cstdint>
#include <string>
#include <vector>

#include "govsim/core/ring_queue.hpp"
#include "model/mechanism.hpp"
#include "model/mechanisms/timers.hpp"

namespace govsim::model {

/// The refusal of wait_for_meeting(type) at a unit that holds no such meeting.
std::string meeting_refusal(const World& world, UnitId unit, std::uint32_t type);

class Meetings final : public Mechanism {
 public:
  Meetings(const Env& env, Timers& timers);

  void start() override;
  std::vector<plugin::ActionKind> actions() const override { return {plugin::ActionKind::kMeeting}; }
  void carry_out(std::uint32_t slot, const plugin::Action& action, const Decision& d) override;
  void reserve(std::size_t slots) override { place_of_.resize(slots); }
  void release(std::uint32_t slot) override;
  void expedite(std::uint32_t slot) override;

 private:
  struct Instance {  // one unit's meetings of one type
    core::RingQueue<QueueEntry> agenda;
    std::uint32_t waiting = 0;  // live items on the agenda
    bool running = false, scheduled = false;
    std::vector<std::uint32_t> batch;  // issue slots being discussed
  };
  void schedule(std::uint32_t m, double after);
  void on_start(const core::Event& e);
  void on_end(const core::Event& e);
  const MeetingSpec& spec(std::uint32_t m) const { return env_.sc.meetings[env_.world.meeting_places[m].type]; }

  Env env_;
  Timers& timers_;
  std::vector<Instance> instances_;  // at World::meeting_places' indices
  std::vector<std::uint32_t> place_of_;  // per issue: the agenda it waits on
  std::uint32_t start_, end_;  // event kinds
};

}  // namespace govsim::model
