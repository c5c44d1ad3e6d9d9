#include "govsim/model/world.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace govsim::model {
namespace {

std::vector<double> cumulative(const std::vector<double>& shares) {
  std::vector<double> cum;
  double s = 0;
  for (double p : shares) cum.push_back(s += p);
  cum.back() = 1.0;  // rounding must not leave a gap at the top
  return cum;
}

}  // namespace

World::World(const Scenario& scenario) : sc(scenario) {
  const auto& org = sc.org;
  units = org.size();
  categories = sc.categories.size();
  const std::size_t n = units, ncat = categories;
  level.resize(n);
  parent.resize(n);
  authority.resize(n);
  handler.assign(n * ncat, kNoRole);
  pool_begin.assign(n + 1, 0);
  // Utilisation groups: (level, role), in that order.
  for (UnitId u = 0; u < n; ++u)
    for (const auto& [role, count] : org.unit(u).staff) groups.emplace_back(org.unit(u).level, role);
  std::sort(groups.begin(), groups.end());
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  for (UnitId u = 0; u < n; ++u) {
    const auto& unit = org.unit(u);
    level[u] = unit.level;
    parent[u] = org.parent(u);
    authority[u] = unit.authority;
    pool_begin[u] = static_cast<std::uint32_t>(pools.size());
    for (const auto& [role, count] : unit.staff) {
      const auto& spec = sc.roles[role];
      const auto group = static_cast<std::uint32_t>(
          std::lower_bound(groups.begin(), groups.end(), std::make_pair(unit.level, role)) - groups.begin());
      pools.push_back(PoolSpec{u, role, count, &sc.calendars[spec.calendar].calendar, group});
      for (std::size_t c = 0; c < ncat; ++c)
        if (spec.handles[c] && handler[u * ncat + c] == kNoRole) handler[u * ncat + c] = role;
    }
  }
  pool_begin[n] = static_cast<std::uint32_t>(pools.size());
  // The pool serving each (unit, role): its own, its grid's, or one pooled above (find_pool).
  serving.resize(n * sc.roles.size());
  for (UnitId u = 0; u < n; ++u)
    for (RoleId r = 0; r < sc.roles.size(); ++r) serving[u * sc.roles.size() + r] = find_pool(u, r);
  for (const RoleSpec& role : sc.roles)
    for (std::size_t c = 0; c < ncat; ++c) {
      const auto& consent = sc.categories[c].consent;
      const double s = role.success_for(static_cast<CategoryId>(c));
      double a = !consent ? s : consent->staff_success ? *consent->staff_success : std::pow(s, consent->parties - 1);
      // A matter spanning several departments' jurisdictions: one unit's staff win the others over in turn.
      if (const auto& j = sc.categories[c].jurisdictions) a *= j->staff_success ? *j->staff_success : std::pow(s, j->count - 1);
      attempt_success_.push_back(a);
    }
  for (const PoolSpec& p : pools) {
    const RoleSpec& role = sc.roles[p.role];
    pool_households.push_back(role.grids() && role.grid_of[p.unit] == p.unit ? role.grid_hh[p.unit] : org.households_under(p.unit));
  }
  // Roles pooled above their level: they handle at the units of their level (from the pool above),
  // not at the pool's own unit. A unit's handler is the first declared role that handles there.
  bool pooled = false;
  for (const auto& r : sc.roles) pooled |= r.pooled_at.has_value();
  if (pooled) {
    std::fill(handler.begin(), handler.end(), kNoRole);
    for (UnitId u = 0; u < n; ++u)
      for (RoleId r = 0; r < sc.roles.size(); ++r) {
        const auto& role = sc.roles[r];
        if (role.pooled_at && !role.grids() ? (level[u] != *role.level || find_pool_above(u, r) == kNone)
                                            : find_pool(u, r) == kNone)
          continue;
        for (std::size_t c = 0; c < ncat; ++c)
          if (sc.roles[r].handles[c] && handler[u * ncat + c] == kNoRole) handler[u * ncat + c] = r;
      }
  }
  // Lateral links as flat arrays: the links of u are list[begin[u], begin[u + 1]).
  auto flatten = [&](graph::LinkKind kind, std::vector<std::uint32_t>& begin, std::vector<UnitId>& list) {
    begin.assign(n + 1, 0);
    if (org.link_count(kind) == 0) return;
    for (UnitId u = 0; u < n; ++u) {
      begin[u] = static_cast<std::uint32_t>(list.size());
      for (UnitId d : org.linked(u, kind)) list.push_back(d);
    }
    begin[n] = static_cast<std::uint32_t>(list.size());
  };
  flatten(graph::LinkKind::kSummons, summons_begin, summons);
  flatten(graph::LinkKind::kCoordinates, coordinates_begin, coordinates);
  std::vector<double> weights;
  for (UnitId leaf : org.leaves()) {
    if (org.unit(leaf).households == 0) continue;
    weights.push_back(static_cast<double>(org.unit(leaf).households));
    leaves.push_back(leaf);
  }
  leaf_table = core::AliasTable(weights);
  for (const auto& cat : sc.categories) {
    severity_cum.push_back(cumulative(cat.severity));
    std::vector<double> shares;
    for (const auto& d : cat.discovery) shares.push_back(d.share);
    channel_cum.push_back(cumulative(shares));
  }
  for (const auto& l : sc.levels) level_names.push_back(l.name);
  meeting_of.assign(sc.meetings.size() * n, kNone);
  for (std::uint32_t t = 0; t < sc.meetings.size(); ++t)
    for (UnitId u = 0; u < n; ++u)
      if (level[u] == sc.meetings[t].level) {
        meeting_of[t * n + u] = static_cast<std::uint32_t>(meeting_places.size());
        meeting_places.push_back(MeetingPlace{u, t});
      }
  seats_begin.assign(1, 0);
  // Per meeting type and calendar: a seat's working hours a week (computed once).
  std::vector<std::pair<std::pair<std::uint32_t, const core::WorkCalendar*>, double>> meeting_week;
  for (const MeetingPlace& mp : meeting_places) {
    for (const auto& part : sc.meetings[mp.type].participants) {
      const std::uint32_t p = pool_at_or_above(mp.unit, part.role);
      if (p == kNone) continue;
      const MeetingSpec& m = sc.meetings[mp.type];
      seats.push_back(MeetingSeats{p, std::min(part.seats, pools[p].servers)});
      if (meeting_load.empty()) meeting_load.assign(pools.size(), 0.0);
      if (m.when_waiting == 0) {
        const core::WorkCalendar* cal = pools[p].calendar;
        auto it = std::find_if(meeting_week.begin(), meeting_week.end(),
                               [&](const auto& c) { return c.first == std::make_pair(mp.type, cal); });
        if (it == meeting_week.end()) {
          meeting_week.push_back({{mp.type, cal}, scheduled_hours_per_week(m.schedule, *cal, m.preparation_hours, m.duration_hours)});
          it = meeting_week.end() - 1;
        }
        meeting_load[p] += it->second * seats.back().seats;
      }
    }
    seats_begin.push_back(static_cast<std::uint32_t>(seats.size()));
  }
}

std::uint32_t World::find_pool_above(UnitId unit, RoleId role) const {
  for (UnitId u = parent[unit]; u != graph::kNoUnit; u = parent[u])
    for (std::uint32_t p = pool_begin[u]; p < pool_begin[u + 1]; ++p)
      if (pools[p].role == role) return p;
  return kNone;
}

double World::scheduled_hours_per_week(const Schedule& schedule, const core::WorkCalendar& cal, double before, double after) const {
  constexpr double kYear = 365 * core::kHoursPerDay;
  double hours = 0, previous_end = -std::numeric_limits<double>::infinity();
  for (double t = schedule.next_after(sc.calendar, -1.0); t < kYear; t = schedule.next_after(sc.calendar, t)) {
    const double from = std::max(t - before, previous_end);
    if (t + after > from) hours += cal.working_hours_between(from, t + after);
    previous_end = t + after;
  }
  return hours / (365.0 / 7);
}

DutyLoad World::duty_load(std::uint32_t p) const {
  const PoolSpec& pool = pools[p];
  const DutySpec& d = sc.roles[pool.role].duties;
  DutyLoad load;
  if (d.visits) {
    const double per_week = static_cast<double>(pool_households[p]) * 7.0 / d.visits->every_days;
    load.visits = per_week * d.visits->hours();
    load.reporting = per_week * d.report_minutes_per_visit / 60.0;
  }
  load.patrol = d.patrol_hours_per_week * pool.servers;
  for (const auto& s : d.sittings)
    load.sittings += scheduled_hours_per_week(s.schedule, *pool.calendar, 0, s.hours) * std::min(s.staff, pool.servers);
  if (!meeting_load.empty()) load.meetings = meeting_load[p];
  return load;
}

}  // namespace govsim::model
