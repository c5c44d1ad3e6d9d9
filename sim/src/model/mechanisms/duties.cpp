#include "model/mechanisms/duties.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "govsim/error.hpp"

namespace govsim::model {
namespace {
constexpr double kEps = 1e-9;  // hours: less duty work than this is none
constexpr std::uint32_t kByResidents = 0, kByVisit = 1, kByPatrol = 2;  // found_'s b: kFinderNames' index
}  // namespace

Duties::Duties(const Env& env, StaffPools& pools) : env_(env), pools_(pools) {
  const World& w = env.world;
  const auto& org = env.sc.org;
  area_of_pool_.assign(w.pools.size(), World::kNone);
  for (std::uint32_t p = 0; p < w.pools.size(); ++p) {
    const PoolSpec& spec = w.pools[p];
    const DutySpec& duties = env.sc.roles[spec.role].duties;
    if (!duties.any()) continue;
    Area a;
    a.pool = p;
    a.spec = &duties;
    if (duties.visits) {
      a.households = org.households_under(spec.unit);
      a.period = duties.visits->every_days * core::kHoursPerDay;
      a.visit_hours = duties.visits->hours();
    }
    area_of_pool_[p] = static_cast<std::uint32_t>(areas_.size());
    auto it = std::find(calendars_.begin(), calendars_.end(), spec.calendar);
    if (it == calendars_.end()) {
      calendars_.push_back(spec.calendar);
      by_calendar_.emplace_back();
      it = calendars_.end() - 1;
    }
    by_calendar_[static_cast<std::size_t>(it - calendars_.begin())].push_back(static_cast<std::uint32_t>(areas_.size()));
    areas_.push_back(std::move(a));
  }
  // Who finds which issues: per role named by a visit or patrol channel, each unit's nearest
  // pool of the role at or above it, and the unit's first household in that pool's round.
  finders_.resize(env.sc.roles.size());
  for (const auto& cat : env.sc.categories)
    for (const auto& ch : cat.discovery) {
      if (ch.role == kNoRole || !finders_[ch.role].area.empty()) continue;
      Finder& f = finders_[ch.role];
      f.area.assign(w.units, World::kNone);
      f.offset.assign(w.units, 0);
      std::vector<std::uint64_t> next(areas_.size(), 0);
      for (UnitId leaf : w.leaves) {
        UnitId u = leaf;
        std::uint32_t pool = World::kNone;
        while (u != graph::kNoUnit && (pool = w.find_pool(u, ch.role)) == World::kNone) u = w.parent[u];
        if (pool == World::kNone) continue;
        const std::uint32_t area = area_of_pool_[pool];
        f.area[leaf] = area;
        f.offset[leaf] = next[area];
        next[area] += org.unit(leaf).households;
      }
    }
  release_ = env.sim.add_handler<&Duties::on_release>(this);
  visits_done_ = env.sim.add_handler<&Duties::on_visits_done>(this);
  patrol_done_ = env.sim.add_handler<&Duties::on_block_done>(this);
  block_done_ = env.sim.add_handler<&Duties::on_block_done>(this);
  sitting_ = env.sim.add_handler<&Duties::on_sitting>(this);
  sitting_end_ = env.sim.add_handler<&Duties::on_sitting_end>(this);
  found_ = env.sim.add_handler<&Duties::on_found>(this);
  pools.set_duty_client(this);
}

std::uint32_t Duties::finder_pool(RoleId role, UnitId unit) const {
  if (role >= finders_.size() || finders_[role].area.empty()) return World::kNone;
  const std::uint32_t a = finders_[role].area[unit];
  return a == World::kNone ? World::kNone : areas_[a].pool;
}

void Duties::start() {
  for (std::uint32_t c = 0; c < calendars_.size(); ++c) {
    const double first = calendars_[c]->next_open(0.0);
    if (first <= env_.rec.horizon()) env_.sim.schedule(first, order::kCalendar, release_, c);
  }
  for (std::uint32_t a = 0; a < areas_.size(); ++a)
    for (std::uint32_t s = 0; s < areas_[a].spec->sittings.size(); ++s) schedule_sitting(a, s, -1.0);
}

// --- releasing the day's work ---

void Duties::release(Area& a, double now) {
  const long day = core::Calendar::day_index(now);
  const double days = static_cast<double>(day - a.last_day);
  a.last_day = day;
  if (a.households > 0) {
    // Visits released before the end of the day: j·P/H < T for j < ceil(T·H/P).
    const double end = static_cast<double>(day + 1) * core::kHoursPerDay;
    const auto due = static_cast<std::uint64_t>(std::ceil(end * static_cast<double>(a.households) / a.period - kEps));
    a.released = std::max(a.released, due);
  }
  const double staff = env_.world.pools[a.pool].servers;
  const double patrol = a.spec->patrol_hours_per_week * staff * days / 7.0;
  a.patrol += patrol;
  a.released_today = patrol;
}

void Duties::on_release(const core::Event& e) {
  env_.issues.focus(kNoSlot);
  const double now = env_.now();
  for (std::uint32_t ai : by_calendar_[e.a]) {
    release(areas_[ai], now);
    pools_.start_waiting(areas_[ai].pool);
  }
  // The next day's first opening.
  const double next = calendars_[e.a]->next_open((core::Calendar::day_index(now) + 1) * core::kHoursPerDay);
  if (next <= env_.rec.horizon()) env_.sim.schedule(next, order::kCalendar, release_, e.a);
}

// --- StaffPools' questions ---

bool Duties::claimed(std::uint32_t pool) const {
  const Area& a = areas_[area_of_pool_[pool]];
  return a.claims > 0 && env_.now() < a.claim_until;
}

bool Duties::pending(std::uint32_t pool) const {
  const Area& a = areas_[area_of_pool_[pool]];
  return a.released > a.started || a.patrol > kEps || a.reporting > kEps;
}

void Duties::take_claim(std::uint32_t pool) {
  Area& a = areas_[area_of_pool_[pool]];
  const double now = env_.now();
  --a.claims;
  pools_.seize(pool);
  env_.rec.sat(env_.world.pools[pool], now, a.claim_until);
  env_.sim.schedule(a.claim_until, order::kRelease, sitting_end_, pool);
}

void Duties::take_block(std::uint32_t pool) {
  const std::uint32_t ai = area_of_pool_[pool];
  Area& a = areas_[ai];
  const PoolSpec& spec = env_.world.pools[pool];
  const double now = env_.now();
  const double block = a.spec->block_hours;
  pools_.seize(pool);
  if (a.released > a.started) {  // visits first: they are what the calendar of the round asks
    const auto fit = static_cast<std::uint64_t>(std::clamp(std::floor(block / a.visit_hours + kEps), 1.0, 1e9));
    const std::uint64_t first = a.started, n = std::min(a.released - a.started, fit);
    a.started += n;
    const double end = spec.calendar->add_working_hours(now, static_cast<double>(n) * a.visit_hours);
    env_.rec.work(spec, Work::kVisits, now, end);
    // Visits end one after another through the block: the issues of the households reached.
    while (!a.by_visit.empty() && a.by_visit.front().visit < first + n) {
      std::pop_heap(a.by_visit.begin(), a.by_visit.end(), std::greater<>());
      const Awaiting w = a.by_visit.back();
      a.by_visit.pop_back();
      if (!still_awaits(w)) continue;
      const double at = spec.calendar->add_working_hours(now, static_cast<double>(w.visit - first + 1) * a.visit_hours);
      find_at(w, at, kByVisit);
    }
    // On time: visit j ends within P of its release. Counted for the visits whose interval ends in
    // the window (the cohort visit_coverage divides by). Visits end in order, so the first and the
    // last of the block settle most blocks without the calendar's look at each.
    const double warmup = env_.sc.warmup_hours(), horizon = env_.rec.horizon();
    const bool all = end <= deadline(a, first), none = now >= deadline(a, first + n - 1);
    std::uint64_t on_time = 0;
    for (std::uint64_t j = first; j < first + n && !none; ++j) {
      const double d = deadline(a, j);
      if (d <= warmup || d > horizon) continue;
      on_time += all || spec.calendar->add_working_hours(now, static_cast<double>(j - first + 1) * a.visit_hours) <= d;
    }
    env_.rec.visits_on_time(spec, on_time);
    env_.sim.schedule(end, order::kRelease, visits_done_, ai, static_cast<std::uint32_t>(n));
    return;
  }
  const bool patrol = a.patrol > kEps;
  double& owed = patrol ? a.patrol : a.reporting;
  const double hours = std::min(block, owed);
  owed = std::max(0.0, owed - hours);
  const double end = spec.calendar->add_working_hours(now, hours);
  env_.rec.work(spec, patrol ? Work::kPatrol : Work::kReporting, now, end);
  if (patrol) {  // the patrol passes every household of the area once: what awaits it now is found at its end
    for (const Awaiting& w : a.by_patrol)
      if (still_awaits(w)) find_at(w, end, kByPatrol);
    a.by_patrol.clear();
  }
  env_.sim.schedule(end, order::kRelease, patrol ? patrol_done_ : block_done_, ai);
}

void Duties::attempt_done(std::uint32_t pool) {
  Area& a = areas_[area_of_pool_[pool]];
  a.reporting += a.spec->report_minutes_per_attempt / 60.0;
}

void Duties::on_visits_done(const core::Event& e) {
  env_.issues.focus(kNoSlot);
  Area& a = areas_[e.a];
  const std::uint64_t n = e.b;
  a.done += n;
  a.reporting += static_cast<double>(n) * a.spec->report_minutes_per_visit / 60.0;
  env_.rec.visits(env_.world.pools[a.pool], n, env_.now());
  pools_.vacate(a.pool);
  pools_.start_waiting(a.pool);
}

void Duties::on_block_done(const core::Event& e) {
  env_.issues.focus(kNoSlot);
  const std::uint32_t pool = areas_[e.a].pool;
  pools_.vacate(pool);
  pools_.start_waiting(pool);
}

// --- sittings ---

void Duties::schedule_sitting(std::uint32_t area, std::uint32_t sitting, double after) {
  const double at = areas_[area].spec->sittings[sitting].schedule.next_after(env_.sc.calendar, after);
  if (at <= env_.rec.horizon()) env_.sim.schedule(at, order::kCalendar, sitting_, area, sitting);
}

void Duties::on_sitting(const core::Event& e) {
  env_.issues.focus(kNoSlot);
  Area& a = areas_[e.a];
  const SittingSpec& s = a.spec->sittings[e.b];
  const double now = env_.now();
  a.claims = std::min(s.staff, env_.world.pools[a.pool].servers);
  a.claim_until = now + s.hours;
  pools_.start_waiting(a.pool);
  schedule_sitting(e.a, e.b, now);
}

void Duties::on_sitting_end(const core::Event& e) {
  env_.issues.focus(kNoSlot);
  pools_.vacate(e.a);
  pools_.start_waiting(e.a);
}

// --- discovery by visits and patrols ---

void Duties::await(std::uint32_t slot, const DiscoveryChannel& channel, double u, double report_at) {
  const Issue& is = env_.issues[slot];
  Wait& w = waits_[slot];
  w = Wait{};
  if (std::isfinite(report_at)) w.report = env_.sim.schedule_cancellable(report_at, order::kDiscovery, found_, slot, kByResidents);
  const Finder& f = finders_[channel.role];
  const UnitId leaf = is.v.origin;
  if (f.area[leaf] == World::kNone) return;  // no staff of the role above it: only the residents find it
  Area& a = areas_[f.area[leaf]];
  if (channel.kind == DiscoveryChannel::Kind::kPatrol) {
    a.by_patrol.push_back(Awaiting{0, is.v.id, slot});
    return;
  }
  const std::uint64_t in_leaf = env_.sc.org.unit(leaf).households;
  const std::uint64_t k = f.offset[leaf] + std::min<std::uint64_t>(in_leaf - 1, static_cast<std::uint64_t>(u * static_cast<double>(in_leaf)));
  // The next visit of household k not yet started: the smallest j >= started with j = k mod H.
  std::uint64_t j = a.started - a.started % a.households + k;
  if (j < a.started) j += a.households;
  a.by_visit.push_back(Awaiting{j, is.v.id, slot});
  std::push_heap(a.by_visit.begin(), a.by_visit.end(), std::greater<>());
}

void Duties::find_at(const Awaiting& w, double at, std::size_t finder) {
  waits_[w.slot].staff = env_.sim.schedule_cancellable(at, order::kDiscovery, found_, w.slot, static_cast<std::uint32_t>(finder));
}

void Duties::on_found(const core::Event& e) {
  const std::uint32_t slot = e.a;
  env_.issues.focus(slot);
  Wait& w = waits_[slot];
  env_.sim.cancel(e.b == kByResidents ? w.staff : w.report);
  env_.rec.found(e.b, env_.now());
  env_.router.discovered(slot);
}

// --- the end of the run ---

double Duties::due_by(const Area& a, double t) const {
  // Visits j with j·P/H + P <= t.
  if (a.households == 0 || t < a.period) return 0;
  return std::floor((t - a.period) * static_cast<double>(a.households) / a.period + kEps) + 1;
}

void Duties::finish() {
  const double warmup = env_.sc.warmup_hours(), horizon = env_.rec.horizon();
  for (const Area& a : areas_) {
    const double overdue_visits = std::max(0.0, due_by(a, horizon) - static_cast<double>(a.done));
    const double carried = std::max(0.0, a.patrol + a.reporting - a.released_today);
    env_.rec.duty_end(env_.world.pools[a.pool], due_by(a, horizon) - due_by(a, warmup), overdue_visits,
                      overdue_visits * a.visit_hours + carried);
  }
}

}  // namespace govsim::model
