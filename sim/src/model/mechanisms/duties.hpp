#pragma once
// Duties (a role's "duties" in the scenario): the recurring work that takes staff time besides
// issues — household visits, patrols, scheduled sittings and reporting — and the discovery that
// visits and patrols do.
//
// Each staff pool whose role has duties serves an area: the households under its unit. Visits go
// round the area's households in a fixed order, one every period/households hours (period = every
// N days), so household k is due every N days; visit j is released at j·P/H and is on time when
// it ends within P of its release. Each day's visits, patrol hours (per staff member) and the
// reporting owed are released at the pool calendar's first opening that day, and free staff work
// them off in blocks of at most block_hours of working time, sharing their time with issues by
// the role's rule (StaffPools asks DutyClient). Work not done is carried over, never dropped, and
// shows as overdue. A sitting (reception day, office duty) claims its staff at its hour, in or out
// of the work calendar; they join as they become free and leave when it ends.
//
// An issue found by visits waits until the visit of its household ends, one found by patrols
// until the next patrol block of its area ends, or until the residents report it (whichever is
// first).
#include <cstdint>
#include <limits>
#include <vector>

#include "model/mechanism.hpp"
#include "model/mechanisms/staff_pools.hpp"

namespace govsim::model {

class Duties final : public Mechanism, public DutyClient {
 public:
  Duties(const Env& env, StaffPools& pools);

  void start() override;
  void finish() override;
  void reserve(std::size_t slots) override { waits_.resize(slots); }

  // --- DutyClient: what StaffPools asks of a pool with duties ---
  bool claimed(std::uint32_t pool) const override;
  bool pending(std::uint32_t pool) const override;
  void take_claim(std::uint32_t pool) override;
  void take_block(std::uint32_t pool) override;
  void attempt_done(std::uint32_t pool) override;

  /// The new issue in `slot` is found by `channel`'s visits or patrols; `u` in [0, 1) picks its
  /// household in its leaf unit; the residents report it at `report_at` (infinity: never).
  void await(std::uint32_t slot, const DiscoveryChannel& channel, double u, double report_at);

  /// The area (pool index) whose staff of `role` visit or patrol `unit`, or World::kNone.
  std::uint32_t finder_pool(RoleId role, UnitId unit) const;

 private:
  struct Awaiting {  // an issue awaiting a visit (the index of the visit) or a patrol
    std::uint64_t visit, id;
    std::uint32_t slot;
    bool operator>(const Awaiting& o) const { return visit > o.visit; }
  };
  struct Area {  // one pool with duties
    std::uint32_t pool = 0;
    const DutySpec* spec = nullptr;
    std::uint64_t households = 0;  // H: the households under the pool's unit
    double period = 0;             // P: hours between two visits of a household
    double visit_hours = 0;
    std::uint64_t released = 0, started = 0, done = 0;  // visits, in round order
    double patrol = 0, reporting = 0;  // hours released and not yet started
    double released_today = 0;         // patrol and reporting hours of the latest release
    long last_day = -1;                // the latest day released
    std::uint32_t claims = 0;          // seats of a sitting not yet taken
    double claim_until = 0;
    std::vector<Awaiting> by_visit;   // min-heap on the visit index
    std::vector<Awaiting> by_patrol;  // found at the end of the next patrol block to start
  };
  struct Wait {  // per issue awaiting a visit or patrol: the residents' report and the staff's find
    core::EventId report, staff;
  };
  struct Finder {  // per role that finds issues: per unit, the area visiting it and its first household
    std::vector<std::uint32_t> area;
    std::vector<std::uint64_t> offset;
  };

  void release(Area& a, double now);
  double deadline(const Area& a, std::uint64_t j) const { return static_cast<double>(j) * a.period / a.households + a.period; }
  /// Visits whose interval has ended by `t`.
  double due_by(const Area& a, double t) const;
  /// Whether the entry's issue still awaits discovery (not found by the residents meanwhile).
  bool still_awaits(const Awaiting& w) const {
    const Issue& is = env_.issues[w.slot];
    return is.live && is.v.id == w.id && is.awaiting_discovery;
  }
  void find_at(const Awaiting& w, double at, std::size_t finder);
  void on_release(const core::Event& e);
  void on_visits_done(const core::Event& e);
  void on_block_done(const core::Event& e);
  void on_sitting(const core::Event& e);
  void on_sitting_end(const core::Event& e);
  void on_found(const core::Event& e);
  void schedule_sitting(std::uint32_t area, std::uint32_t sitting, double after);

  Env env_;
  StaffPools& pools_;
  std::vector<Area> areas_;
  std::vector<std::uint32_t> area_of_pool_;  // per pool: index into areas_, or World::kNone
  std::vector<std::vector<std::uint32_t>> by_calendar_;  // areas grouped by their pool's calendar
  std::vector<const core::WorkCalendar*> calendars_;
  std::vector<Finder> finders_;  // per role (empty when the role finds nothing)
  std::vector<Wait> waits_;
  std::uint32_t release_, visits_done_, patrol_done_, block_done_, sitting_, sitting_end_, found_;  // event kinds
};

}  // namespace govsim::model
