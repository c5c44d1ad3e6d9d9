#include "model/mechanisms/dispatch.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "govsim/error.hpp"

namespace govsim::model {
namespace {
constexpr std::uint32_t kMaxOffersPerIssue = 100'000;  // declined offers of one issue (a re-dispatch loop)
constexpr std::uint32_t kMaxGrabbers = 1024;           // free volunteers who answer one published order
}  // namespace

Dispatch::Dispatch(const Env& env, StaffPools& pools) : env_(env), pools_(pools) {
  reply_ = env.sim.add_handler<&Dispatch::on_reply>(this);
  pools.set_offer_client(this);
}

void Dispatch::carry_out(std::uint32_t slot, const plugin::Action& action, const Decision& d) {
  const Issue& is = env_.issues[slot];
  const std::uint32_t p = action.role == kNoRole ? World::kNone : env_.world.find_pool(is.v.unit, action.role);
  if (p == World::kNone)
    throw ModelError("the policy dispatched the issue to role '" + role_label(env_.sc, action.role) + "' at unit '" +
                     env_.world.unit_name(is.v.unit) + "', which has no such staff");
  if (action.target > static_cast<std::uint32_t>(plugin::DispatchMode::kGrab))
    throw ModelError("the policy dispatched with an unknown mode " + std::to_string(action.target));
  State& st = state_[slot];
  if (st.issue != is.v.id + 1) st = State{is.v.id + 1};
  st.grab = action.dispatch_mode() == plugin::DispatchMode::kGrab;
  if (!(d.redispatch && d.hops == 0)) {  // a new order, not the same one offered again after a decline
    st.offers = 0;
    env_.rec.dispatched(is);
  }
  pools_.enqueue(slot, p, st.offers == 0, true);  // a re-offered order is the same visit
}

void Dispatch::take_up(std::uint32_t slot, std::uint32_t pool) {
  Issue& is = env_.issues[slot];
  State& st = state_[slot];
  const plugin::PoolView& v = pools_.view(pool);
  const auto& role = env_.sc.roles[v.role];
  const std::uint32_t asked = st.grab ? std::min(v.servers - v.busy, kMaxGrabbers) : 1;
  pools_.seize(pool);
  auto g = env_.streams.keyed(Purpose::kAcceptance, is.v.id, st.offer_seq++);
  double first_yes = std::numeric_limits<double>::infinity(), last_no = 0;
  for (std::uint32_t i = 0; i < asked; ++i) {
    const bool yes = role.accept >= 1 || core::uniform01(g) < role.accept;
    const double delay = role.reply_delay.sample(g);
    if (yes) first_yes = std::min(first_yes, delay);
    else last_no = std::max(last_no, delay);
  }
  st.accepted = std::isfinite(first_yes);
  st.pending = true;
  st.pool = pool;
  const std::uint32_t token = env_.issues.begin_wait(is, id());
  env_.sim.schedule(env_.now() + (st.accepted ? first_yes : last_no), order::kRelease, reply_, slot, token);
}

void Dispatch::on_reply(const core::Event& e) {
  const std::uint32_t slot = e.a;
  env_.issues.focus(slot);
  Issue& is = env_.issues[slot];
  State& st = state_[slot];
  if (!is.live || is.token != e.b || !st.pending) return;  // withdrawn meanwhile
  Issues::end_wait(is);
  st.pending = false;
  const std::uint32_t pool = st.pool;
  pools_.vacate(pool);
  if (st.accepted) {
    env_.rec.taken_by_volunteer(is);
    pools_.start_attempt(slot, pool);
    return;
  }
  env_.rec.offer_declined(is);
  if (++st.offers > kMaxOffersPerIssue)
    throw ModelError("the issue's order was declined " + std::to_string(st.offers) + " times (a re-dispatch loop?)");
  pools_.start_waiting(pool);  // the queue, or a sitting's or meeting's claim
  env_.router.dispatch_declined(slot, st.offers);
}

void Dispatch::release(std::uint32_t slot) {
  State& st = state_[slot];
  st.pending = false;
  pools_.vacate(st.pool);
  pools_.start_waiting(st.pool);
}

}  // namespace govsim::model
