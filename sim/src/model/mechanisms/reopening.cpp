#include "model/mechanisms/reopening.hpp"

namespace govsim::model {

Reopening::Reopening(const Env& env) : env_(env) { kind_ = env.sim.add_handler<&Reopening::on_wake>(this); }

bool Reopening::gate_resolve(std::uint32_t slot, Decision& d, plugin::Action& next) {
  if (d.reopen_drawn) return false;
  d.reopen_drawn = true;
  Issue& is = env_.issues[slot];
  const auto& spec = env_.sc.categories[is.v.category].reopen;
  if (!spec || spec->share <= 0 || is.v.reopens >= spec->max) return false;
  auto g = env_.streams.keyed(Purpose::kReopen, is.v.id, static_cast<std::uint64_t>(is.v.reopens));
  if (spec->share < 1 && !(core::uniform01(g) < spec->share)) return false;
  const double delay = (1.0 - core::uniform01(g)) * spec->within_days * core::kHoursPerDay;  // on (0, D]
  const auto id_bits = static_cast<std::uint32_t>(is.v.id);
  wake_[slot] = env_.sim.schedule_cancellable(env_.now() + delay, order::kTimer, kind_, slot, id_bits);
  d.dormant = true;
  next = plugin::Action::keep();
  return true;
}

void Reopening::on_wake(const core::Event& e) {
  const std::uint32_t slot = e.a;
  env_.issues.focus(slot);
  Issue& is = env_.issues[slot];
  if (!is.live || static_cast<std::uint32_t>(is.v.id) != e.b) return;
  wake_[slot] = core::EventId{};
  ++is.v.reopens;
  is.last_success = false;  // resolving again needs a new successful attempt
  env_.rec.reopened(is);
  env_.router.reopened(slot);
}

}  // namespace govsim::model
