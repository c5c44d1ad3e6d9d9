#pragma once
// Staff pools and their queues: handle(role) queues an issue for an attempt by the role's staff at
// its unit. Staff work on their pool's calendar (an attempt's service time is working hours), the
// queue is FIFO (a reminder puts an issue at its front), and residents may give up waiting
// (category patience). Other mechanisms use the pools too: a joint handling's parts queue here,
// and a dispatched order waits here for a free volunteer (PoolClient).
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "govsim/core/ring_queue.hpp"
#include "govsim/error.hpp"
#include "model/mechanism.hpp"

namespace govsim::model {

/// A service time of `role` for `category` (World::service); the loader admits only
/// distributions with finite draws, and this keeps any other from reaching the clock.
template <class Rng>
[[gnu::always_inline]] inline double draw_service(const World& world, RoleId role, CategoryId category, Rng& g) {
  const double s = world.service(role, category).sample(g);
  if (!(s >= 0) || !std::isfinite(s)) [[unlikely]]
    throw ModelError("role '" + world.sc.roles[role].name + "' drew a service time of " + std::to_string(s) + " hours");
  return s;
}

/// A role's name for messages (or its number, when a policy names a role that does not exist).
inline std::string role_label(const Scenario& sc, RoleId role) {
  return role < sc.roles.size() ? sc.roles[role].name : std::to_string(role);
}

/// Work of another mechanism that a pool's free staff member takes up.
class PoolClient {
 public:
  virtual ~PoolClient() = default;
  /// A staff member of `pool` is free for `item` (an issue's slot or the client's own index).
  virtual void take_up(std::uint32_t item, std::uint32_t pool) = 0;
};

/// The other side of a claim on a pool's staff (StaffPools::claim): a sitting or a meeting.
class SeatClient {
 public:
  virtual ~SeatClient() = default;
  /// `n` members of `pool` took seats of the client's claim `tag` (held by the claim until `until`):
  /// they are seized until the client gives them back (StaffPools::unseat).
  virtual void seated(std::uint32_t pool, std::uint32_t tag, double until, std::uint32_t n) = 0;
};

/// Duty work a pool's staff do besides issues (the Duties mechanism), asked only of pools whose
/// role has duties.
class DutyClient {
 public:
  virtual ~DutyClient() = default;
  /// The pool's staff not in an attempt (or a sitting) are about to change by -delta: duty work,
  /// which they do, is settled up to now first.
  virtual void staff_change(std::uint32_t pool, int delta) = 0;
  /// Duty work is pending and goes before waiting issues (duties_first); the pool is woken when it is done.
  virtual bool holds_issues(std::uint32_t pool) = 0;
  /// An attempt by a member ended (its reporting is owed).
  virtual void attempt_done(std::uint32_t pool) = 0;
};

class StaffPools final : public Mechanism {
 public:
  explicit StaffPools(const Env& env);

  std::vector<plugin::ActionKind> actions() const override { return {plugin::ActionKind::kHandle}; }
  void carry_out(std::uint32_t slot, const plugin::Action& action, const Decision& d) override;
  void reserve(std::size_t slots) override { waits_.resize(slots); }
  void release(std::uint32_t slot) override;
  void expedite(std::uint32_t slot) override;

  /// What policies see of the pools (servers, busy, waiting), at World::pools' indices.
  const plugin::PoolView* views() const { return view_.data(); }
  const plugin::PoolView& view(std::uint32_t pool) const { return view_[pool]; }

  /// The issue joins `pool`: starts at once when a staff member is free and on duty, else queues.
  /// `visit`: counts as joining a unit's handling (a re-offered order does not); `offer`: a free
  /// staff member gets an offer (the offer client decides) instead of starting an attempt.
  void enqueue(std::uint32_t slot, std::uint32_t pool, bool visit, bool offer);
  /// Queues a client's item (never leaves early); a free staff member calls the client's take_up.
  void enqueue_item(std::uint32_t item, std::uint32_t pool);
  /// True when a staff member of the pool is free, on duty and nobody waits before the caller.
  bool free_now(std::uint32_t pool) const {
    const plugin::PoolView& v = view_[pool];
    const Pool& p = pools_[pool];
    return v.busy < v.servers && v.waiting == 0 && p.spec->calendar->is_open(env_.now()) &&
           !(p.duties_first && duties_->holds_issues(pool));
  }
  /// `n` staff members taken (for an offer, a client's item or a sitting) and given back (then the queue moves).
  void seize(std::uint32_t pool, std::uint32_t n = 1) {
    if (pools_[pool].duties) duties_->staff_change(pool, static_cast<int>(n));
    view_[pool].busy += n;
  }
  /// Members given back; the caller serves the pool (start_waiting), where a waiting claim takes
  /// them first — or starts an attempt with one at once (a volunteer who accepted an order).
  void vacate(std::uint32_t pool, std::uint32_t n = 1) {
    if (pools_[pool].duties) duties_->staff_change(pool, -static_cast<int>(n));
    view_[pool].busy -= n;
  }
  /// Claims `seats` members of `pool` for a client's sitting or meeting until `until` (or until
  /// dropped): free members are seated now, the others as they come free — before any other work,
  /// on duty or not; claims are seated in the order they were made.
  void claim(std::uint32_t pool, std::uint32_t seats, double until, SeatClient* client, std::uint32_t tag);
  /// The client's claim `tag` on `pool` gives up the seats not yet taken.
  void drop_claim(std::uint32_t pool, const SeatClient* client, std::uint32_t tag);
  /// `n` seated members get up: free for other work.
  void unseat(std::uint32_t pool, std::uint32_t n = 1);
  /// `n` seated members of `pool` keep a reception desk until `until` (a reception day: Duties):
  /// they take the pool's waiting issues at once, whatever its calendar, each attempt in wall-clock
  /// hours, and come back to the desk after it while it is open; when it closes, those at it get
  /// up and those in an attempt leave when it ends. The caller serves the queue (start_waiting)
  /// when it is not already doing so.
  void open_desk(std::uint32_t pool, std::uint32_t n, double until);
  /// Free staff take up waiting work, while the pool is on duty.
  void start_waiting(std::uint32_t pool);
  /// An attempt by a staff member of `pool` starts now.
  void start_attempt(std::uint32_t slot, std::uint32_t pool);
  void set_offer_client(PoolClient* c) { offers_ = c; }
  /// Pools whose role has duties share their staff's time with `c` by the role's rule.
  void set_duty_client(DutyClient* c);
  void set_item_client(PoolClient* c) { items_ = c; }

 private:
  struct Claim {
    std::uint32_t left;  // seats not yet taken
    double until;
    SeatClient* client;
    std::uint32_t tag;
  };
  struct Desk {  // one reception day's members (open_desk): at the desk, and in an attempt from it
    std::uint32_t id, free, busy;
    double until;
    bool closed;
  };
  struct Pool {
    const PoolSpec* spec = nullptr;
    bool wake_pending = false;
    core::RingQueue<QueueEntry> queue;
    std::vector<Claim> claims;  // in the order made; rarely more than one
    bool duties = false, duties_first = false;  // duties_first implies duties
    int urgent = 0;  // duties_first: issues of this severity or more join the front and go before duty work
    std::uint32_t desk_free = 0;  // members at an open reception desk, free (over its desks)
    std::vector<Desk> desks;      // open, or closed with members still in an attempt
  };
  struct Wait {  // per issue; set before read (a stale `abandon` is only ever cancelled, which a
                 // sequence number makes harmless), so a new issue needs no reset
    std::uint32_t pool = 0;
    core::EventId abandon;
    double service = 0;  // the current attempt's
    bool offer = false;  // a free staff member gets an offer, not an attempt
    std::uint32_t desk = 0;  // the current attempt is at reception desk `desk - 1` (0: not at a desk)
  };
  // A queue entry whose slot has this bit is a client's item, not an issue.
  static constexpr std::uint32_t kItemBit = 0x8000'0000u;

  void on_done(const core::Event& e);
  void on_open(const core::Event& e);
  void on_abandon(const core::Event& e);
  /// A pool off duty with free staff and work waiting wakes when its calendar opens.
  void ensure_wake(std::uint32_t pool) {
    const Pool& p = pools_[pool];
    const plugin::PoolView& v = view_[pool];
    if (!p.wake_pending && v.busy < v.servers && !p.spec->calendar->is_open(env_.now())) schedule_wake(pool);
  }
  void schedule_wake(std::uint32_t pool);
  // The hot path, inline in staff_pools.cpp: join a pool, begin an attempt, serve the queue.
  void join(std::uint32_t slot, std::uint32_t pool, bool visit, bool offer);
  void begin(std::uint32_t slot, std::uint32_t pool);
  /// An attempt by `role` on the issue starts now (recorded, its service drawn): its service hours.
  double start_service(std::uint32_t slot, RoleId role, double now);
  /// The issue leaves the pool's queue to be taken up (its wait ends, its withdrawal is cancelled).
  void leave_queue(std::uint32_t slot, std::uint32_t pool);
  void take_up(std::uint32_t slot, std::uint32_t pool);
  void serve(std::uint32_t pool);
  void take_front(Pool& p, std::uint32_t pool);
  /// The free members take the first live claim's seats (as many as it has left); false if no claim is live.
  bool take_seat(Pool& p, std::uint32_t pool);
  void serve_with_duties(std::uint32_t pool);
  /// Desk members take the waiting issues at the front of the queue.
  void serve_desk(std::uint32_t pool);
  /// An attempt at a desk with a free member starts now (wall-clock hours; its time within the
  /// desk's hours moves from the sitting to issues).
  void begin_desk(std::uint32_t slot, std::uint32_t pool);
  /// An attempt at desk `id` ended: the member goes back to the desk, or leaves it if it closed.
  void desk_done(std::uint32_t pool, std::uint32_t id);
  void on_desk_close(const core::Event& e);
  std::vector<Desk>::iterator desk(Pool& p, std::uint32_t id);
  /// The next live entry of the queue is an urgent issue (stale entries in front are dropped).
  bool urgent_first(Pool& p);

  Env env_;
  std::vector<Pool> pools_;
  std::vector<plugin::PoolView> view_;
  std::vector<Wait> waits_;
  PoolClient* offers_ = nullptr;
  PoolClient* items_ = nullptr;
  DutyClient* duties_ = nullptr;
  std::uint32_t next_desk_ = 0;
  std::uint32_t done_, open_, abandon_, desk_close_;  // event kinds
};

}  // namespace govsim::model
