#pragma once
// The compiled world: a read-only view of a scenario in the flat tables the engine, its mechanisms
// and the analytic model (analysis/) read — units, role pools, summons links, where issues arise,
// and the cumulative shares draws are made from. Built once per replication (cheap) or per analysis.
#include <cstdint>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

#include "govsim/core/alias_table.hpp"
#include "govsim/model/scenario.hpp"

namespace govsim::model {

/// A role pool: the staff of one role at one unit.
struct PoolSpec {
  UnitId unit;
  RoleId role;
  std::uint32_t servers;
  const core::WorkCalendar* calendar;
  std::uint32_t group;  // index into World::groups: the (level, role) its utilisation is counted in
};

/// A pool's duty work in an average week, hours for all its staff (reporting per attempt aside:
/// it follows the issues).
struct DutyLoad {
  double visits = 0, patrol = 0, sittings = 0, reporting = 0;
  double meetings = 0;  // scheduled meetings its members sit in, preparation included
  double total() const { return visits + patrol + sittings + reporting + meetings; }
};

/// One unit's meetings of one type.
struct MeetingPlace {
  UnitId unit;
  std::uint32_t type;
};

/// Staff of one pool who sit in a meeting: `seats` of its members (at most its staff).
struct MeetingSeats {
  std::uint32_t pool;
  std::uint32_t seats;
};

struct World {
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  explicit World(const Scenario& scenario);

  const Scenario& sc;
  std::size_t units = 0, categories = 0;
  std::vector<int> level;          // per unit
  std::vector<UnitId> parent;      // per unit; graph::kNoUnit at the top
  std::vector<int> authority;      // per unit
  std::vector<RoleId> handler;     // unit * categories + category: the unit's first role that handles it
  std::vector<std::uint32_t> pool_begin;  // units + 1: the pools of u are [pool_begin[u], pool_begin[u + 1])
  std::vector<std::uint32_t> serving;     // units × roles: find_pool(u, r), kNone if none (what policies see)
  std::vector<PoolSpec> pools;
  std::vector<std::pair<int, RoleId>> groups;  // utilisation groups (level, role), sorted
  std::vector<std::uint32_t> summons_begin;    // units + 1: the summons links of u
  std::vector<UnitId> summons;
  std::vector<std::uint32_t> coordinates_begin;  // units + 1: the coordinates links of u (its partners)
  std::vector<UnitId> coordinates;
  std::vector<std::string_view> level_names;
  std::vector<UnitId> leaves;      // leaf units with households, where issues arise
  core::AliasTable leaf_table;     // weights: their households
  std::vector<std::vector<double>> severity_cum, channel_cum;  // per category: cumulative shares
  std::vector<MeetingPlace> meeting_places;
  std::vector<std::uint32_t> meeting_of;  // type * units + unit -> index into meeting_places, or kNone
  // The participants of meeting place m are seats[seats_begin[m], seats_begin[m + 1]): per
  // participant role, its pool serving the meeting's unit (at it or above).
  std::vector<std::uint32_t> seats_begin;
  std::vector<MeetingSeats> seats;
  std::vector<double> meeting_load;  // per pool (empty: no participants): hours a week in scheduled meetings

  std::vector<std::uint64_t> pool_households;  // per pool: the households of its area (its unit's, or its grid's)
  std::vector<double> attempt_success_;          // role * categories + category

  /// The pool of `role` that serves `unit`: its own, its grid's (a role drawn in grids), or for a
  /// role pooled at a higher level, the nearest one above it; kNone if none.
  std::uint32_t find_pool(UnitId unit, RoleId role) const {
    if (const std::uint32_t p = pool_here(unit, role); p != kNone) return p;
    return role < sc.roles.size() && sc.roles[role].pooled_at && !sc.roles[role].grids() ? find_pool_above(unit, role) : kNone;
  }
  /// The pool of `role` at `unit` itself, or at the first unit of its grid.
  std::uint32_t pool_here(UnitId unit, RoleId role) const {
    for (std::uint32_t p = pool_begin[unit]; p < pool_begin[unit + 1]; ++p)
      if (pools[p].role == role) return p;
    if (role < sc.roles.size() && sc.roles[role].grids()) {
      const UnitId g = sc.roles[role].grid_of[unit];
      if (g != graph::kNoUnit && g != unit)
        for (std::uint32_t p = pool_begin[g]; p < pool_begin[g + 1]; ++p)
          if (pools[p].role == role) return p;
    }
    return kNone;
  }
  std::uint32_t meeting_place(std::uint32_t type, UnitId unit) const {
    return type < sc.meetings.size() ? meeting_of[type * units + unit] : kNone;
  }
  const std::string& unit_name(UnitId unit) const { return sc.org.unit(unit).name; }
  std::uint32_t find_pool_above(UnitId unit, RoleId role) const;
  /// The duty work of pool `p` in an average week, in its staff's working hours (sittings and
  /// meetings outside them are overtime, not counted).
  DutyLoad duty_load(std::uint32_t p) const;
  /// Working hours of `cal` a week taken by a scheduled occurrence from `before` hours before each
  /// occurrence of `schedule` to `after` hours after it (a window starting no earlier than the
  /// previous one's end), averaged over the first year.
  double scheduled_hours_per_week(const Schedule& schedule, const core::WorkCalendar& cal, double before, double after) const;
  /// The pool of `role` at `unit` (or its grid) or the nearest above it; kNone if none.
  std::uint32_t pool_at_or_above(UnitId unit, RoleId role) const {
    for (UnitId u = unit; u != graph::kNoUnit; u = parent[u])
      if (const std::uint32_t p = pool_here(u, role); p != kNone) return p;
    return kNone;
  }
  /// The chance an attempt by `role` settles an issue of `category` within the unit's authority:
  /// the role's success, or for a matter needing several parties' consent, the category's
  /// staff_success (default: the role's success to the power parties - 1).
  double attempt_success(RoleId role, CategoryId category) const { return attempt_success_[role * categories + category]; }
  /// The service time of `role` for `category` (its own distribution, else the role's default):
  /// what the engine draws, and what the analytic model reads.
  const core::Distribution& service(RoleId role, CategoryId category) const { return sc.roles[role].service_for(category); }
};

}  // namespace govsim::model
