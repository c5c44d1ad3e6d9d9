#include "model/mechanisms/staff_pools.hpp"

#include <algorithm>

namespace govsim::model {

StaffPools::StaffPools(const Env& env) : env_(env) {
  for (const PoolSpec& spec : env.world.pools) {
    pools_.emplace_back();
    pools_.back().spec = &spec;
    view_.push_back(plugin::PoolView{spec.unit, spec.role, spec.servers, 0, 0});
  }
  done_ = env.sim.add_handler<&StaffPools::on_done>(this);
  open_ = env.sim.add_handler<&StaffPools::on_open>(this);
  abandon_ = env.sim.add_handler<&StaffPools::on_abandon>(this);
  desk_close_ = env.sim.add_handler<&StaffPools::on_desk_close>(this);
}

// The hot path (an issue joins a pool, an attempt starts, free staff take up the queue), inlined
// into the handlers; the public functions below wrap it for other mechanisms.
[[gnu::always_inline]] inline double StaffPools::start_service(std::uint32_t slot, RoleId role, double now) {
  Issue& is = env_.issues[slot];
  is.v.in_service = true;
  env_.rec.attempt_started(is, role, now);
  auto g = env_.streams.keyed(Purpose::kService, is.v.id, is.v.attempts);
  const double service = waits_[slot].service = draw_service(env_.world, role, is.v.category, g);
  env_.rec.service(is.v.unit, role, service, now);
  return service;
}

[[gnu::always_inline]] inline void StaffPools::leave_queue(std::uint32_t slot, std::uint32_t pool) {
  Issues::end_wait(env_.issues[slot]);
  --view_[pool].waiting;
  env_.sim.cancel(waits_[slot].abandon);
}

[[gnu::always_inline]] inline void StaffPools::begin(std::uint32_t slot, std::uint32_t pool) {
  plugin::PoolView& v = view_[pool];
  const PoolSpec& spec = *pools_[pool].spec;
  const double now = env_.now();
  if (pools_[pool].duties) duties_->staff_change(pool, 1);
  ++v.busy;
  const double service = start_service(slot, v.role, now);
  const double done = spec.calendar->add_working_hours(now, service);
  env_.rec.busy(spec, now, done);
  env_.sim.schedule(done, order::kRelease, done_, slot, pool);
}

[[gnu::always_inline]] inline void StaffPools::take_up(std::uint32_t slot, std::uint32_t pool) {
  if (waits_[slot].offer) offers_->take_up(slot, pool);
  else begin(slot, pool);
}

[[gnu::always_inline]] inline void StaffPools::join(std::uint32_t slot, std::uint32_t pool, bool visit, bool offer) {
  Issue& is = env_.issues[slot];
  Wait& w = waits_[slot];
  plugin::PoolView& v = view_[pool];
  const double now = env_.now();
  w.pool = pool;
  w.offer = offer;
  is.enqueued = now;
  if (visit) env_.rec.visit(is, v.role, now);
  Pool& p = pools_[pool];
  if (p.desk_free > 0 && v.waiting == 0 && !offer) [[unlikely]] {  // a reception desk is open
    begin_desk(slot, pool);
    return;
  }
  const bool urgent = p.urgent > 0 && is.severity >= p.urgent;
  if (v.busy < v.servers && v.waiting == 0 && p.spec->calendar->is_open(now) &&
      !(p.duties_first && !urgent && duties_->holds_issues(pool))) {
    take_up(slot, pool);
    return;
  }
  const std::uint32_t token = env_.issues.begin_wait(is, id());
  if (urgent) p.queue.push_front({slot, token});
  else p.queue.push({slot, token});
  ++v.waiting;
  const auto& patience = env_.sc.categories[is.v.category].patience;
  if (patience) {
    auto g = env_.streams.keyed(Purpose::kPatience, is.v.id, is.waits);
    w.abandon = env_.sim.schedule_cancellable(now + patience->sample(g), order::kTimer, abandon_, slot, token);
  }
  ++is.waits;
  ensure_wake(pool);
  if (urgent && v.busy < v.servers) serve_with_duties(pool);  // ahead of the issues that wait for duty work
}

// The queue's front entry: a client's item, or an issue (skipped when it left meanwhile) whose
// attempt or offer starts now.
[[gnu::always_inline]] inline void StaffPools::take_front(Pool& p, std::uint32_t pool) {
  plugin::PoolView& v = view_[pool];
  const QueueEntry e = p.queue.pop();
  if (e.slot & kItemBit) {  // another mechanism's item (a joint handling's part): never leaves early
    --v.waiting;
    items_->take_up(e.slot & ~kItemBit, pool);
    return;
  }
  if (env_.issues[e.slot].token != e.token) return;  // withdrawn or moved while waiting
  leave_queue(e.slot, pool);
  take_up(e.slot, pool);
}

[[gnu::always_inline]] inline void StaffPools::serve(std::uint32_t pool) {
  Pool& p = pools_[pool];
  if (p.duties) {
    serve_with_duties(pool);
    return;
  }
  plugin::PoolView& v = view_[pool];
  while (v.busy < v.servers) {
    if (!p.claims.empty() && take_seat(p, pool)) continue;
    if (v.waiting == 0) return;
    if (!p.spec->calendar->is_open(env_.now())) {
      ensure_wake(pool);
      return;
    }
    take_front(p, pool);
  }
}

bool StaffPools::take_seat(Pool& p, std::uint32_t pool) {
  const double now = env_.now();
  while (!p.claims.empty()) {
    Claim& c = p.claims.front();
    if (c.left == 0 || !(now < c.until)) {
      p.claims.erase(p.claims.begin());
      continue;
    }
    const Claim taken = c;
    const std::uint32_t n = std::min(c.left, view_[pool].servers - view_[pool].busy);
    c.left -= n;
    if (c.left == 0) p.claims.erase(p.claims.begin());
    seize(pool, n);
    taken.client->seated(pool, taken.tag, taken.until, n);
    return true;
  }
  return false;
}

void StaffPools::claim(std::uint32_t pool, std::uint32_t seats, double until, SeatClient* client, std::uint32_t tag) {
  if (seats == 0) return;
  pools_[pool].claims.push_back(Claim{seats, until, client, tag});
  serve(pool);
}

void StaffPools::drop_claim(std::uint32_t pool, const SeatClient* client, std::uint32_t tag) {
  auto& cs = pools_[pool].claims;
  cs.erase(std::remove_if(cs.begin(), cs.end(), [&](const Claim& c) { return c.client == client && c.tag == tag; }), cs.end());
}

void StaffPools::set_duty_client(DutyClient* c) {
  duties_ = c;
  for (Pool& p : pools_) {
    const DutySpec& d = env_.sc.roles[p.spec->role].duties;
    p.duties = d.any();
    p.duties_first = p.duties && d.sharing == DutySpec::Sharing::kDutiesFirst;
    p.urgent = d.urgent_severity;
  }
}

bool StaffPools::urgent_first(Pool& p) {
  while (!p.queue.empty()) {
    const QueueEntry e = p.queue.front();
    if (e.slot & kItemBit) return false;
    const Issue& is = env_.issues[e.slot];
    if (is.token == e.token) return p.urgent > 0 && is.severity >= p.urgent;
    p.queue.pop();  // withdrawn or moved while waiting
  }
  return false;
}

// Serving a pool whose staff also have duties: a sitting's or meeting's claim first (on duty or not), then
// waiting issues — unless pending duty work goes first (duties_first) and the front issue is not
// urgent. Staff left free do duty work (Duties).
void StaffPools::serve_with_duties(std::uint32_t pool) {
  Pool& p = pools_[pool];
  plugin::PoolView& v = view_[pool];
  if (p.desk_free > 0 && v.waiting > 0) serve_desk(pool);  // a reception desk takes them first
  while (v.busy < v.servers) {
    if (!p.claims.empty() && take_seat(p, pool)) {
      if (p.desk_free > 0 && v.waiting > 0) serve_desk(pool);  // seated at a desk
      continue;
    }
    if (v.waiting == 0) return;
    if (!p.spec->calendar->is_open(env_.now())) {
      ensure_wake(pool);
      return;
    }
    if (p.duties_first && !urgent_first(p) && duties_->holds_issues(pool)) return;
    take_front(p, pool);
  }
}

void StaffPools::enqueue(std::uint32_t slot, std::uint32_t pool, bool visit, bool offer) { join(slot, pool, visit, offer); }

// --- reception desks ---

void StaffPools::open_desk(std::uint32_t pool, std::uint32_t n, double until) {
  Pool& p = pools_[pool];
  const std::uint32_t id = next_desk_++;
  p.desks.push_back(Desk{id, n, 0, until, false});
  p.desk_free += n;
  env_.sim.schedule(until, order::kRelease, desk_close_, pool, id);
}

std::vector<StaffPools::Desk>::iterator StaffPools::desk(Pool& p, std::uint32_t id) {
  auto it = std::find_if(p.desks.begin(), p.desks.end(), [id](const Desk& d) { return d.id == id; });
  if (it == p.desks.end()) throw ModelError("a reception desk was lost (internal)");
  return it;
}

void StaffPools::on_desk_close(const core::Event& e) {
  env_.issues.focus(kNoSlot);
  const std::uint32_t pool = e.a;
  Pool& p = pools_[pool];
  const auto d = desk(p, e.b);
  const std::uint32_t leaving = d->free;  // those in an attempt leave when it ends
  p.desk_free -= leaving;
  d->free = 0;
  d->closed = true;
  if (d->busy == 0) p.desks.erase(d);
  if (leaving > 0) unseat(pool, leaving);
}

void StaffPools::serve_desk(std::uint32_t pool) {
  Pool& p = pools_[pool];
  plugin::PoolView& v = view_[pool];
  std::vector<QueueEntry> passed;  // another mechanism's items and volunteers' orders: not desk work
  std::uint32_t others = 0;        // live entries among them
  while (p.desk_free > 0 && v.waiting > others && !p.queue.empty()) {
    const QueueEntry e = p.queue.pop();
    if (e.slot & kItemBit) {
      passed.push_back(e);
      ++others;
      continue;
    }
    if (env_.issues[e.slot].token != e.token) continue;  // withdrawn or moved while waiting
    if (waits_[e.slot].offer) {
      passed.push_back(e);
      ++others;
      continue;
    }
    leave_queue(e.slot, pool);
    begin_desk(e.slot, pool);
  }
  for (auto it = passed.rbegin(); it != passed.rend(); ++it) p.queue.push_front(*it);  // in their order, at the front
}

void StaffPools::begin_desk(std::uint32_t slot, std::uint32_t pool) {
  Pool& p = pools_[pool];
  auto d = std::find_if(p.desks.begin(), p.desks.end(), [](const Desk& x) { return x.free > 0; });
  if (d == p.desks.end()) throw ModelError("a reception desk had no free member (internal)");
  const PoolSpec& spec = *p.spec;
  const double now = env_.now();
  --d->free;
  ++d->busy;
  --p.desk_free;
  waits_[slot].desk = d->id + 1;
  const double done = now + start_service(slot, view_[pool].role, now);  // at the desk: wall-clock hours
  // The member's hours at this desk are counted already (as sitting): the attempt's part of them
  // is issue work, and a part past the desk's closing is more time at work.
  env_.rec.desk_work(spec, now, std::min(done, d->until));
  if (done > d->until) env_.rec.sat(spec, std::max(now, d->until), done, Work::kIssues);
  env_.sim.schedule(done, order::kRelease, done_, slot, pool);
}

void StaffPools::desk_done(std::uint32_t pool, std::uint32_t id) {
  Pool& p = pools_[pool];
  const auto d = desk(p, id);
  --d->busy;
  if (!d->closed) {
    ++d->free;
    ++p.desk_free;
    return;
  }
  if (d->busy == 0) p.desks.erase(d);
  vacate(pool);  // the caller serves the pool
}

void StaffPools::start_waiting(std::uint32_t pool) { serve(pool); }
void StaffPools::unseat(std::uint32_t pool, std::uint32_t n) {
  vacate(pool, n);
  serve(pool);
}
void StaffPools::start_attempt(std::uint32_t slot, std::uint32_t pool) { begin(slot, pool); }

void StaffPools::carry_out(std::uint32_t slot, const plugin::Action& action, const Decision&) {
  const Issue& is = env_.issues[slot];
  const std::uint32_t p = action.role == kNoRole ? World::kNone : env_.world.find_pool(is.v.unit, action.role);
  if (p == World::kNone)
    throw ModelError("the policy asked role '" + role_label(env_.sc, action.role) + "' to handle it at unit '" +
                     env_.world.unit_name(is.v.unit) + "', which has no such staff");
  join(slot, p, true, false);
}

void StaffPools::enqueue_item(std::uint32_t item, std::uint32_t pool) {
  pools_[pool].queue.push({item | kItemBit, 1});
  ++view_[pool].waiting;
  ensure_wake(pool);
}

void StaffPools::release(std::uint32_t slot) {
  const Wait& w = waits_[slot];
  env_.sim.cancel(w.abandon);
  if (--view_[w.pool].waiting == 0) pools_[w.pool].queue.clear();
}

void StaffPools::expedite(std::uint32_t slot) {
  const Issue& is = env_.issues[slot];
  pools_[waits_[slot].pool].queue.push_front({slot, is.token});
  env_.rec.expedited(is);
}

void StaffPools::schedule_wake(std::uint32_t pool) {
  Pool& p = pools_[pool];
  const double now = env_.now();
  p.wake_pending = true;
  const double wake = p.spec->calendar->next_open(now);
  if (!(wake > now)) throw ModelError("the work calendar of a pool is closed at the time it gives as its opening");
  env_.sim.schedule(wake, order::kCalendar, open_, pool);
}

void StaffPools::on_open(const core::Event& e) {
  env_.issues.focus(kNoSlot);
  pools_[e.a].wake_pending = false;
  serve(e.a);
}

void StaffPools::on_done(const core::Event& e) {
  const std::uint32_t slot = e.a, pool = e.b;
  env_.issues.focus(slot);
  plugin::PoolView& v = view_[pool];
  if (waits_[slot].desk) [[unlikely]] {  // the member stays seated: back to the desk, or leaving it
    const std::uint32_t id = waits_[slot].desk - 1;
    waits_[slot].desk = 0;
    desk_done(pool, id);
  } else {
    if (pools_[pool].duties) duties_->staff_change(pool, -1);
    --v.busy;
  }
  Issue& is = env_.issues[slot];
  is.v.in_service = false;
  plugin::AttemptResult r;
  r.role = v.role;
  r.service_hours = waits_[slot].service;
  r.within_authority = is.severity <= env_.world.authority[is.v.unit];
  if (r.within_authority) {
    const double ps = env_.world.attempt_success(v.role, is.v.category);
    if (ps >= 1) {
      r.success = true;
    } else {
      auto g = env_.streams.keyed(Purpose::kOutcome, is.v.id, is.v.attempts);
      r.success = core::uniform01(g) < ps;
    }
  }
  is.last_success = r.success;
  is.last_by_meeting = false;
  if (pools_[pool].duties) {
    duties_->attempt_done(pool);
    serve(pool);
  } else if (v.waiting > 0 || !pools_[pool].claims.empty()) {
    serve(pool);
  }
  env_.router.attempt_finished(slot, r);
}

void StaffPools::on_abandon(const core::Event& e) {
  const std::uint32_t slot = e.a;
  env_.issues.focus(slot);
  Issue& is = env_.issues[slot];
  if (!is.live || is.token != e.b) return;  // started or left meanwhile
  Issues::end_wait(is);
  const std::uint32_t pool = waits_[slot].pool;
  if (--view_[pool].waiting == 0) pools_[pool].queue.clear();
  env_.router.close(slot, Outcome::kWithdrawn);
}

}  // namespace govsim::model
