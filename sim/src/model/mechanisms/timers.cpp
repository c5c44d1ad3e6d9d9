#include "model/mechanisms/timers.hpp"

#include <cmath>
#include <string>

#include "govsim/error.hpp"

namespace govsim::model {

using plugin::ActionKind;

Timers::Timers(const Env& env) : env_(env) { kind_ = env.sim.add_handler<&Timers::on_timer>(this); }

void Timers::set(std::uint32_t slot, const plugin::Action& t) {
  State& st = state_[slot];
  const double hours = t.timer_hours, now = env_.now();
  if (!(hours >= 0) || !std::isfinite(hours))
    throw ModelError("the policy asked for a timer of " + std::to_string(hours) + " hours");
  double at = now + hours;
  if (t.timer_calendar != -1) {
    if (t.timer_calendar < 0 || static_cast<std::size_t>(t.timer_calendar) >= env_.sc.calendars.size())
      throw ModelError("the policy asked for a timer on a calendar that does not exist");
    at = env_.sc.calendars[static_cast<std::size_t>(t.timer_calendar)].calendar.add_working_hours(now, hours);
  }
  env_.sim.cancel(st.timer);
  st.tag = t.timer_tag;
  const auto id_bits = static_cast<std::uint32_t>(env_.issues[slot].v.id);
  st.timer = env_.sim.schedule_cancellable(at, order::kTimer, kind_, slot, id_bits);
}

void Timers::on_timer(const core::Event& e) {
  const std::uint32_t slot = e.a;
  env_.issues.focus(slot);
  const Issue& is = env_.issues[slot];
  if (!is.live || static_cast<std::uint32_t>(is.v.id) != e.b) return;  // cancelled with its issue
  state_[slot].timer = core::EventId{};
  env_.router.timer_fired(slot, state_[slot].tag);
}

void Timers::carry_out(std::uint32_t slot, const plugin::Action& action, const Decision& d) {
  const State& st = state_[slot];
  switch (action.kind) {
    case ActionKind::kKeep:
      if (!d.from_timer || d.hops > 0) throw ModelError("the policy answered keep() outside a timer, leaving the issue nowhere");
      if (st.parked && !st.timer.valid())
        throw ModelError("the policy answered keep() without a new timer for a parked issue, leaving it nowhere");
      return;
    case ActionKind::kExpedite:
      if (!d.from_timer || d.hops > 0) throw ModelError("the policy answered expedite() outside a timer or SLA event");
      if (st.parked && !st.timer.valid())
        throw ModelError("the policy answered expedite() without a new timer for a parked issue, leaving it nowhere");
      env_.router.expedite(slot);
      return;
    case ActionKind::kWait:
      if (action.timer_tag == 0)
        throw ModelError("the policy answered wait() without a timer (with_timer), leaving the issue nowhere");
      state_[slot].parked = true;
      return;
    default:
      throw ModelError("timers cannot carry out this answer");
  }
}

void Timers::on_moved(std::uint32_t slot) {
  State& st = state_[slot];
  if (!st.parked) return;  // its wake-up timer belongs to the park
  env_.sim.cancel(st.timer);
  st.timer = core::EventId{};
  st.parked = false;
}

}  // namespace govsim::model
