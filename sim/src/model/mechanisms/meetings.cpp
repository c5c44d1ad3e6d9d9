#include "model/mechanisms/meetings.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "govsim/error.hpp"

namespace govsim::model {

using plugin::Action;
using plugin::ActionKind;

std::string meeting_refusal(const World& world, UnitId unit, std::uint32_t type) {
  return "the policy sent the issue to a meeting that unit '" + world.unit_name(unit) +
         "' does not hold (meeting type " + std::to_string(type) + ")";
}

Meetings::Meetings(const Env& env, Timers& timers, StaffPools& pools) : env_(env), timers_(timers), pools_(pools) {
  const World& w = env.world;
  instances_.resize(w.meeting_places.size());
  need_.assign(w.meeting_places.size(), 0);
  seats_.assign(w.meeting_places.size(), 0);
  for (std::uint32_t m = 0; m < w.meeting_places.size(); ++m) {
    std::uint32_t seats = 0;
    for (std::uint32_t s = w.seats_begin[m]; s < w.seats_begin[m + 1]; ++s) seats += w.seats[s].seats;
    // The quorum's seats, rounded up (a share a hair above a whole number of seats is that number).
    need_[m] = static_cast<std::uint32_t>(std::ceil(spec(m).quorum * seats - 1e-9));
    seats_[m] = seats;
  }
  start_ = env.sim.add_handler<&Meetings::on_start>(this);
  end_ = env.sim.add_handler<&Meetings::on_end>(this);
  call_ = env.sim.add_handler<&Meetings::on_call>(this);
  give_up_ = env.sim.add_handler<&Meetings::on_give_up>(this);
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
  if (!has_seats(m)) {
    env_.sim.schedule(at, order::kCalendar, start_, m);
    return;
  }
  mi.next_hour = at;
  env_.sim.schedule(std::max(at - sp.preparation_hours, env_.now()), order::kCalendar, call_, m);
}

void Meetings::convene(std::uint32_t m, double at) {
  Instance& mi = instances_[m];
  mi.scheduled = true;
  if (!has_seats(m)) {
    env_.sim.schedule(at, order::kCalendar, start_, m);
    return;
  }
  mi.next_hour = at + spec(m).preparation_hours;
  env_.sim.schedule(at, order::kCalendar, call_, m);
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
  if (sp.when_waiting > 0 && !mi.running && !mi.scheduled && mi.state == State::kIdle && mi.waiting >= sp.when_waiting)
    convene(m, env_.now());
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
  if (has_seats(m)) {
    if (e.b == kLateStart) {  // its quorum came late (unless it was given up at this very instant)
      if (mi.state != State::kLate || !mi.start_pending) return;
      mi.start_pending = false;
      env_.sim.cancel(mi.give_up);
      sit(m);
      return;
    }
    schedule(m, now);  // the next one (its hour has come)
    if (mi.taken >= need_[m]) {
      sit(m);
    } else if (sp.late_hours > 0) {
      mi.state = State::kLate;
      mi.give_up = env_.sim.schedule_cancellable(now + sp.late_hours, order::kCalendar, give_up_, m);
    } else {
      on_give_up(e);
    }
    return;
  }
  mi.scheduled = false;
  if (mi.running) {  // the previous one is still sitting: this one is skipped
    schedule(m, now);
    return;
  }
  take_up_agenda(m, now);
  if (!mi.batch.empty()) {
    mi.running = true;
    env_.rec.meeting_held(env_.world.meeting_places[m].type, mi.batch.size(), now);
    env_.sim.schedule(now + sp.duration_hours, order::kRelease, end_, m);
  }
  schedule(m, now);
}

// The policy sets the agenda: each item in turn is taken up (keep), or deferred or moved. Items
// put back on this agenda wait for the next meeting: only the entries present now are looked at,
// and while the agenda is read (running) a deferral cannot call another meeting at this moment.
void Meetings::take_up_agenda(std::uint32_t m, double now) {
  Instance& mi = instances_[m];
  const MeetingSpec& sp = spec(m);
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
}

// --- meetings with participants ---

void Meetings::on_call(const core::Event& e) {
  const std::uint32_t m = e.a;
  env_.issues.focus(kNoSlot);
  Instance& mi = instances_[m];
  mi.scheduled = false;
  if (mi.state != State::kIdle || mi.waiting == 0) {  // the previous one still on, or nothing to discuss
    schedule(m, mi.next_hour);
    return;
  }
  mi.state = State::kCalled;
  mi.hour = mi.next_hour;
  mi.taken = 0;
  env_.sim.schedule(mi.hour, order::kCalendar, start_, m);
  const World& w = env_.world;
  for (std::uint32_t s = w.seats_begin[m]; s < w.seats_begin[m + 1]; ++s)
    pools_.claim(w.seats[s].pool, w.seats[s].seats, std::numeric_limits<double>::infinity(), this, m);
}

void Meetings::seated(std::uint32_t pool, std::uint32_t m, double, std::uint32_t n) {
  Instance& mi = instances_[m];
  mi.members.push_back(Member{pool, n, env_.now()});
  mi.taken += n;
  if (mi.state == State::kLate && !mi.start_pending && mi.taken >= need_[m]) {
    mi.start_pending = true;  // it sits now, once the pool that seated the member is done
    env_.sim.schedule(env_.now(), order::kCalendar, start_, m, kLateStart);
  }
}

void Meetings::sit(std::uint32_t m) {
  Instance& mi = instances_[m];
  const MeetingSpec& sp = spec(m);
  const double now = env_.now();
  take_up_agenda(m, now);
  if (mi.batch.empty()) {  // its items left meanwhile
    disperse(m);
    return;
  }
  mi.state = State::kSitting;
  env_.rec.meeting_held(env_.world.meeting_places[m].type, mi.batch.size(), now, now - mi.hour);
  env_.sim.schedule(now + sp.duration_hours, order::kRelease, end_, m);
}

void Meetings::on_give_up(const core::Event& e) {
  const std::uint32_t m = e.a;
  env_.issues.focus(kNoSlot);
  Instance& mi = instances_[m];
  if (mi.start_pending) return;  // the quorum came at this instant: the late start sits it
  env_.rec.meeting_not_held(env_.world.meeting_places[m].type, env_.now());
  disperse(m);
  if (spec(m).when_waiting > 0 && !mi.scheduled && mi.waiting >= spec(m).when_waiting)
    convene(m, env_.now() + core::kHoursPerDay);
}

void Meetings::disperse(std::uint32_t m) {
  Instance& mi = instances_[m];
  const World& w = env_.world;
  mi.state = State::kIdle;
  mi.taken = 0;
  mi.start_pending = false;
  for (std::uint32_t s = w.seats_begin[m]; s < w.seats_begin[m + 1]; ++s) pools_.drop_claim(w.seats[s].pool, this, m);
  std::vector<Member> members;
  members.swap(mi.members);
  const double now = env_.now();
  for (const Member& x : members) {
    env_.rec.sat(w.pools[x.pool], x.since, now, Work::kMeetings, x.n);
    pools_.unseat(x.pool, x.n);
  }
}

void Meetings::finish() {  // members still seated at the horizon: their hours so far
  const double horizon = env_.rec.horizon();
  for (const Instance& mi : instances_)
    for (const Member& x : mi.members) env_.rec.sat(env_.world.pools[x.pool], x.since, horizon, Work::kMeetings, x.n);
}

void Meetings::on_end(const core::Event& e) {
  const std::uint32_t m = e.a;
  env_.issues.focus(kNoSlot);
  Instance& mi = instances_[m];
  const MeetingSpec& sp = spec(m);
  mi.running = false;
  // The share of its seat-hours taken while it sat: a matter that needs consent is settled only
  // with the parties' representatives at the table (one who came late counts for the time he sat).
  double present = 1.0;
  if (has_seats(m) && seats_[m] > 0) {
    const double now = env_.now(), from = now - sp.duration_hours;
    double sat = 0;
    for (const Member& x : mi.members) sat += x.n * (sp.duration_hours > 0 ? (now - std::max(x.since, from)) / sp.duration_hours : 1.0);
    present = std::min(1.0, sat / seats_[m]);
  }
  if (has_seats(m)) disperse(m);
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
      const auto& consent = env_.sc.categories[is.v.category].consent;
      const double p = consent ? consent->meeting_success.value_or(sp.success) * present : sp.success;
      r.success = p >= 1 || core::uniform01(g) < p;
    }
    is.last_success = r.success;
    is.last_by_meeting = true;
    env_.router.attempt_finished(slot, r);
  }
  env_.issues.focus(kNoSlot);
  if (sp.when_waiting > 0 && mi.waiting >= sp.when_waiting && !mi.scheduled && mi.state == State::kIdle) convene(m, env_.now());
}

}  // namespace govsim::model
