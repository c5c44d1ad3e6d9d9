#include "model/mechanisms/sla.hpp"

namespace govsim::model {

SlaClocks::SlaClocks(const Env& env, const SlaSpec& spec) : env_(env), spec_(spec) {
  kind_ = env.sim.add_handler<&SlaClocks::on_event>(this);
}

void SlaClocks::on_discovered(std::uint32_t slot) {
  const Issue& is = env_.issues[slot];
  State& st = state_[slot];
  const auto& cal = env_.sc.calendars[spec_.calendar].calendar;
  const double limit = spec_.limit_hours[is.v.category], now = env_.now();
  st.due = cal.add_working_hours(now, limit);
  st.warned = spec_.warning_fraction <= 0;
  const double at = st.warned ? st.due : cal.add_working_hours(now, spec_.warning_fraction * limit);
  st.next = env_.sim.schedule_cancellable(at, order::kTimer, kind_, slot, static_cast<std::uint32_t>(is.v.id));
}

void SlaClocks::on_event(const core::Event& e) {
  const std::uint32_t slot = e.a;
  env_.issues.focus(slot);
  const Issue& is = env_.issues[slot];
  if (!is.live || static_cast<std::uint32_t>(is.v.id) != e.b) return;
  State& st = state_[slot];
  st.next = core::EventId{};
  plugin::SlaEvent event = plugin::SlaEvent::kBreach;
  if (!st.warned) {
    event = plugin::SlaEvent::kWarning;
    st.warned = true;
    env_.rec.sla_warning(is);
    st.next = env_.sim.schedule_cancellable(st.due, order::kTimer, kind_, slot, e.b);
  } else {
    env_.rec.sla_breach(is);
  }
  env_.router.sla_event(slot, event);
}

void SlaClocks::on_closed(std::uint32_t slot, Outcome outcome) {
  State& st = state_[slot];
  env_.sim.cancel(st.next);
  if (outcome == Outcome::kResolved && env_.now() <= st.due) env_.rec.sla_met(env_.issues[slot]);
  st = State{};
}

}  // namespace govsim::model
