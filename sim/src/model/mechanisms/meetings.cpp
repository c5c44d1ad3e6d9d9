#include "model/mechanisms/meetings.hpp"

#include "govsim/error.hpp"

namespace govsim::model {

using plugin::Action;
using plugin::ActionKind;

std::string meeting_refusal(const World& world, UnitId unit, std::uint32_t type) {
  return "the policy sent the issue to a meeting that unit '" + world.unit_name(unit) +
         "' does not hold (meeting type " + std::to_string(type) + ")";
}

Meetings::Meetings(const Env& env, Timers& timers) : env_(env), timers_(timers) {
  instances_.resize(env.world.meeting_places.size());
  start_ = env.sim.add_handler<&Meetings::on_start>(this);
  end_ = env.sim.add_handler<&Meetings::on_end>(this);
}

void Meetings::start() {
  for (std::uint32_t m = 0; m < instances_.size(); ++m) schedule(m, -1.0);
}

void Meetings::schedule(std::uint32_t m, double after) {
  Instance& mi = instances_[m];
  const MeetingSpec& sp = spec(m);
  if (sp.when_waiting > 0 || mi.scheduled) return;
  const double at = sp.schedule.next_after(env_.sc.calendar, after);
  if (at > env_.rec.horizon()) return;
  mi.scheduled = true;
  env_.sim.schedule(at, order::kCalendar, start_, m);
}

void Meetings::carry_out(std::uint32_t slot, const Action& action, const Decision&) {
  Issue& is = env_.issues[slot];
  const std::uint32_t m = env_.world.meeting_place(action.meeting(), is.v.unit);
  if (m == World::kNone) throw ModelError(meeting_refusal(env_.world, is.v.unit, action.meeting()));
  Instance& mi = instances_[m];
  is.enqueued = env_.now();
  env_.rec.visit(is, env_.meeting_column(), env_.now());
  place_of_[slot] = m;
  mi.agenda.push({slot, env_.issues.begin_wait(is, id())});
  ++mi.waiting;
  const MeetingSpec& sp = spec(m);
  if (sp.when_waiting > 0 && !mi.running && !mi.scheduled && mi.waiting >= sp.when_waiting) {
    mi.scheduled = true;
    env_.sim.schedule(env_.now(), order::kCalendar, start_, m);
  }
}

void Meetings::release(std::uint32_t slot) {  // take it off the agenda
  Instance& mi = instances_[place_of_[slot]];
  if (--mi.waiting == 0) mi.agenda.clear();
}

void Meetings::expedite(std::uint32_t slot) {
  const Issue& is = env_.issues[slot];
  instances_[place_of_[slot]].agenda.push_front({slot, is.token});
  env_.rec.expedited(is);
}

void Meetings::on_start(const core::Event& e) {
  const std::uint32_t m = e.a;
  env_.issues.focus(kNoSlot);
  Instance& mi = instances_[m];
  const MeetingSpec& sp = spec(m);
  const double now = env_.now();
  mi.scheduled = false;
  if (mi.running) {  // the previous one is still sitting: this one is skipped
    schedule(m, now);
    return;
  }
  // The policy sets the agenda: each item in turn is taken up (keep), or deferred or moved. Items
  // put back on this agenda wait for the next meeting: only the entries present now are looked at,
  // and while the agenda is read (running) a deferral cannot call another meeting at this moment.
  mi.running = true;
  for (std::size_t budget = mi.agenda.size(); budget > 0 && mi.batch.size() < sp.agenda_cap && mi.waiting > 0; --budget) {
    const QueueEntry q = mi.agenda.pop();
    Issue& is = env_.issues[q.slot];
    if (is.token != q.token) continue;  // left the agenda meanwhile
    env_.issues.focus(q.slot);
    const Action a = env_.router.agenda_item(q.slot, env_.world.meeting_places[m].type);
    Issues::end_wait(is);
    --mi.waiting;
    if (a.kind != ActionKind::kKeep) {
      if (a.kind == ActionKind::kExpedite) throw ModelError("the policy answered expedite() for a meeting's agenda");
      env_.router.carry_out(q.slot, a);
      continue;
    }
    if (a.timer_tag != 0) timers_.set(q.slot, a);
    is.v.in_service = true;
    env_.rec.attempt_started(is, env_.meeting_column(), now);
    env_.rec.service(is.v.unit, env_.meeting_column(), sp.duration_hours, now);
    mi.batch.push_back(q.slot);
  }
  env_.issues.focus(kNoSlot);
  mi.running = false;
  if (mi.waiting == 0) mi.agenda.clear();
  if (!mi.batch.empty()) {
    mi.running = true;
    env_.rec.meeting_held(env_.world.meeting_places[m].type, mi.batch.size(), now);
    env_.sim.schedule(now + sp.duration_hours, order::kRelease, end_, m);
  }
  schedule(m, now);
}

void Meetings::on_end(const core::Event& e) {
  const std::uint32_t m = e.a;
  env_.issues.focus(kNoSlot);
  Instance& mi = instances_[m];
  const MeetingSpec& sp = spec(m);
  mi.running = false;
  std::vector<std::uint32_t> batch;
  batch.swap(mi.batch);
  for (std::uint32_t slot : batch) {
    env_.issues.focus(slot);
    Issue& is = env_.issues[slot];
    is.v.in_service = false;
    plugin::AttemptResult r;
    r.meeting = env_.world.meeting_places[m].type;
    r.service_hours = sp.duration_hours;
    r.within_authority = is.severity <= env_.world.authority[is.v.unit];
    if (r.within_authority) {
      auto g = env_.streams.keyed(Purpose::kOutcome, is.v.id, static_cast<std::uint64_t>(is.v.attempts));
      r.success = sp.success >= 1 || core::uniform01(g) < sp.success;
    }
    is.last_success = r.success;
    env_.router.attempt_finished(slot, r);
  }
  env_.issues.focus(kNoSlot);
  if (sp.when_waiting > 0 && mi.waiting >= sp.when_waiting && !mi.scheduled) {
    mi.scheduled = true;
    env_.sim.schedule(env_.now(), order::kCalendar, start_, m);
  }
}

}  // namespace govsim::model
