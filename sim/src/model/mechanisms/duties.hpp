#pragma once
// Duties (a role's "duties" in the scenario): the recurring work that takes staff time besides
// issues — household visits, patrols, scheduled sittings and reporting — and the discovery that
// visits and patrols do.
//
// Each staff pool whose role has duties serves an area: the households under its unit. Visits go
// round the area's households in a fixed order, one every P/H hours (P = every N days, H
// households), so household k is due every N days: visit j is released on the day of j·P/H and is
// on time when it ends within P of that. Each day's visits and patrol hours (per staff member)
// are released at the day's start, reporting as attempts and visits end.
//
// Duty work is a fluid: the pool's staff not in an attempt or a sitting work it off continuously
// in their working hours — visits first, then patrol, then reporting — and it costs no event of
// its own. The mechanism settles a pool's duty work up to now whenever its free staff change
// (StaffPools calls staff_change), and schedules an event only when something waits on it: the
// visit or patrol that finds an issue, or (duties_first) the moment the pending duty work is done
// and waiting issues may start. Work not done is carried over, never dropped, and shows as
// overdue. A sitting (reception day, office duty) claims its staff at its hour (StaffPools::claim),
// in or out of the work calendar; they join as they become free and leave when it ends.
//
// An issue found by visits waits until the visit of its household ends, one found by patrols
// until a day's patrol of its area has been walked after it arose, one brought to a reception day
// until the next receiving sitting of its area starts, or until the residents report it
// (whichever is first). A receiving sitting's seated members keep a desk (StaffPools::open_desk).
//
#include <cstdint>
#include <limits>
#include <vector>

#include "model/mechanism.hpp"
#include "model/mechanisms/staff_pools.hpp"

namespace govsim::model {

class Duties final : public Mechanism, public DutyClient, public SeatClient {
 public:
  Duties(const Env& env, StaffPools& pools);

  void start() override;
  void finish() override;
  void reserve(std::size_t slots) override { waits_.resize(slots); }

  // --- DutyClient: what StaffPools asks of a pool with duties ---
  void staff_change(std::uint32_t pool, int delta) override;
  bool holds_issues(std::uint32_t pool) override;
  void attempt_done(std::uint32_t pool) override;
  // --- SeatClient: a member took a seat at one of the pool's sittings ---
  void seated(std::uint32_t pool, std::uint32_t tag, double until, std::uint32_t n) override;

  /// The new issue in `slot` is found by `channel`'s visits, patrols or reception days; `u` in
  /// [0, 1) picks its household in its leaf unit; the residents report it at `report_at` (infinity: never).
  void await(std::uint32_t slot, const DiscoveryChannel& channel, double u, double report_at);

 private:
  struct Awaiting {  // an issue awaiting a visit (visits done >= target) or a patrol (patrol hours done >= target)
    double target;
    std::uint64_t id;
    std::uint32_t slot;
    bool operator>(const Awaiting& o) const { return target > o.target; }
  };
  /// The duty work of one pool as it stands at `t` (copied to look ahead).
  struct Fluid {
    double t = 0;                // settled up to
    long day = -1;               // the latest day released
    std::uint64_t released = 0;  // visits released
    double visits = 0;           // visits done (the current one in part)
    double patrol = 0, reporting = 0;  // hours released or owed, not yet done
    double patrol_done = 0;            // hours walked in all
    double released_today = 0;         // patrol hours of the latest day released
  };
  /// What a look ahead waits for (the first of them).
  struct Goal {
    double visits = std::numeric_limits<double>::infinity();  // visits done reach this
    double patrol = std::numeric_limits<double>::infinity();  // patrol hours done reach this
    bool clear = false;                                        // nothing pending
  };
  struct Area {  // one pool with duties
    std::uint32_t pool = 0;
    const DutySpec* spec = nullptr;
    std::uint64_t households = 0;  // H: the households under the pool's unit
    double period = 0;             // P: hours between two visits of a household
    double visit_hours = 0;
    double travel_share = 0;       // of a visit's mean time, the travel to the door
    double patrol_per_day = 0;     // all its staff's
    double report_per_visit = 0, report_per_attempt = 0;  // hours
    Fluid f;
    std::vector<Awaiting> by_visit, by_patrol;  // min-heaps on the target
    std::vector<Awaiting> by_reception;         // issues the residents bring to its next reception day
    core::EventId find, wake;
    bool wake_wanted = false;  // issues wait for the pending duty work (duties_first)
    double cleared_at = -1;    // the instant a wake found the planned work done
    double goal_visits = 0, goal_patrol = 0;  // what the planned find waits for,
    double visits_at = 0, patrol_at = 0;      // and when each is met (infinity: not planned)
  };
  struct Wait {  // per issue awaiting a visit or patrol: the residents' report
    core::EventId report;
  };
  struct Finder {  // per role that finds issues: per unit, the area visiting it and its first household
    std::vector<std::uint32_t> area;
    std::vector<std::uint64_t> offset;
  };

  /// Staff of the pool free for duty work now.
  std::uint32_t free_staff(const Area& a) const;
  /// Runs the fluid of `a` from f.t to t1 with `k` staff at it: records what is done (record) or
  /// stops at the goal and returns the time it is met (infinity if not by t1).
  double advance(const Area& a, Fluid& f, double t1, std::uint32_t k, bool record, const Goal* goal) const;
  void settle(Area& a) { a.f.t < env_.now() ? (void)advance(a, a.f, env_.now(), free_staff(a), true, nullptr) : void(); }
  /// (Re)schedules the events that wait on the pool's duty work, for `k` free staff from now.
  void plan(std::uint32_t area, std::uint32_t k);
  bool pending(const Fluid& f) const;
  template <class Ends>
  double on_time(const Area& a, double j0, double j1, Ends ends) const;
  double deadline(const Area& a, std::uint64_t j) const { return static_cast<double>(j) * a.period / a.households + a.period; }
  /// Visits whose interval has ended by `t`.
  double due_by(const Area& a, double t) const;
  bool still_awaits(const Awaiting& w) const {
    const Issue& is = env_.issues[w.slot];
    return is.live && is.v.id == w.id && is.awaiting_discovery;
  }
  void on_find(const core::Event& e);
  void on_wake(const core::Event& e);
  void on_report(const core::Event& e);
  void on_sitting(const core::Event& e);
  void on_sitting_end(const core::Event& e);
  void schedule_sitting(std::uint32_t area, std::uint32_t sitting, double after);

  Env env_;
  StaffPools& pools_;
  std::vector<Area> areas_;
  std::vector<std::uint32_t> area_of_pool_;  // per pool: index into areas_, or World::kNone
  std::vector<Finder> finders_;              // per role (empty when the role finds nothing)
  std::vector<Wait> waits_;
  std::uint32_t find_, wake_, report_, sitting_, sitting_end_;  // event kinds
};

}  // namespace govsim::model
