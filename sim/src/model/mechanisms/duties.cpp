#include "model/mechanisms/duties.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "govsim/error.hpp"

namespace govsim::model {
namespace {
constexpr double kEps = 1e-9;  // hours or visits: less than this is none
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint32_t kByResidents = 0, kByVisit = 1, kByPatrol = 2, kByReception = 4;  // kFinderNames' indices
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
      a.households = w.pool_households[p];
      a.period = duties.visits->every_days * core::kHoursPerDay;
      a.visit_hours = duties.visits->hours();
      const auto& v = *duties.visits;
      a.travel_share = (1 - v.absent_share) * v.travel_minutes / 60.0 / a.visit_hours;
    }
    a.patrol_per_day = duties.patrol_hours_per_week * spec.servers / 7.0;
    a.report_per_visit = duties.report_minutes_per_visit / 60.0;
    a.report_per_attempt = duties.report_minutes_per_attempt / 60.0;
    area_of_pool_[p] = static_cast<std::uint32_t>(areas_.size());
    areas_.push_back(std::move(a));
  }
  // Who finds which issues: per role named by a visit or patrol channel, each leaf's nearest pool
  // of the role at or above it, and the leaf's first household in that pool's round.
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
  find_ = env.sim.add_handler<&Duties::on_find>(this);
  wake_ = env.sim.add_handler<&Duties::on_wake>(this);
  report_ = env.sim.add_handler<&Duties::on_report>(this);
  sitting_ = env.sim.add_handler<&Duties::on_sitting>(this);
  sitting_end_ = env.sim.add_handler<&Duties::on_sitting_end>(this);
  pools.set_duty_client(this);
}

void Duties::start() {
  for (std::uint32_t a = 0; a < areas_.size(); ++a)
    for (std::uint32_t s = 0; s < areas_[a].spec->sittings.size(); ++s) schedule_sitting(a, s, -1.0);
}

std::uint32_t Duties::free_staff(const Area& a) const {
  const plugin::PoolView& v = pools_.view(a.pool);
  return v.servers - v.busy;
}

bool Duties::pending(const Fluid& f) const {
  return static_cast<double>(f.released) > f.visits + kEps || f.patrol > kEps || f.reporting > kEps;
}

// --- the fluid: each day's work released at its start, worked off in working hours ---

// Of the visits j0 .. j1-1 that end at ends(j), those within their interval (ends(j) <= deadline(j))
// whose interval ends in the window. Both ends and deadlines grow with j, so the visits on time are
// taken to be a run at one end of the range (exact on a calendar without gaps), found by bisection.
template <class Ends>
double Duties::on_time(const Area& a, double j0, double j1, Ends ends) const {
  const double warmup = env_.sc.warmup_hours(), horizon = env_.rec.horizon();
  // The window's intervals: deadline(j) in (warmup, horizon] for j in [lo, hi).
  const double H = static_cast<double>(a.households);
  const double lo = std::max(j0, std::floor((warmup - a.period) * H / a.period + kEps) + 1);
  const double hi = std::min(j1, std::floor((horizon - a.period) * H / a.period + kEps) + 1);
  if (hi <= lo) return 0;
  auto ok = [&](double j) { return ends(j) <= deadline(a, static_cast<std::uint64_t>(j)); };
  const bool first = ok(lo), last = ok(hi - 1);
  if (first == last) return first ? hi - lo : 0;
  double good = first ? lo : hi - 1, bad = first ? hi - 1 : lo;  // bisect between them
  while (std::abs(good - bad) > 1) {
    const double mid = std::floor((good + bad) / 2);
    (ok(mid) ? good : bad) = mid;
  }
  return first ? good - lo + 1 : hi - good;
}

double Duties::advance(const Area& a, Fluid& f, double t1, std::uint32_t k, bool record, const Goal* goal) const {
  const PoolSpec& spec = env_.world.pools[a.pool];
  const core::WorkCalendar& cal = *spec.calendar;
  Recorder& rec = env_.rec;
  const double warmup = env_.sc.warmup_hours(), horizon = rec.horizon();
  const double vh = a.visit_hours, kd = static_cast<double>(k);
  if (goal && (goal->visits <= f.visits + kEps || goal->patrol <= f.patrol_done + kEps)) return f.t;
  // Nobody free: nothing advances until the free staff change, and every change plans again.
  if (goal && k == 0) return kInf;
  for (;;) {
    const long day = core::Calendar::day_index(f.t);
    if (f.day < day) {  // the day's visits and patrols
      if (a.households > 0) {
        // Visits released before the day ends: j·P/H < T for j < ceil(T·H/P).
        const double end = static_cast<double>(day + 1) * core::kHoursPerDay;
        const auto due = static_cast<std::uint64_t>(std::ceil(end * static_cast<double>(a.households) / a.period - kEps));
        f.released = std::max(f.released, due);
      }
      f.released_today = a.patrol_per_day * static_cast<double>(day - f.day);
      f.patrol += f.released_today;
      f.day = day;
    }
    if (goal && goal->clear && !pending(f)) return f.t;
    if (f.t >= t1) return kInf;
    const double day_end = static_cast<double>(day + 1) * core::kHoursPerDay;
    const double seg = f.t, dend = std::min(t1, day_end);
    if (k > 0 && pending(f)) {
      // Per staff member: working hours of the segment, and those used so far from its start.
      const bool whole = seg == static_cast<double>(day) * core::kHoursPerDay && dend == day_end;
      const double cap = whole ? cal.day_hours(day) : cal.working_hours_between(seg, dend);
      const bool inside = seg >= warmup && dend <= horizon;
      double used = 0;
      auto at = [&](double u) { return cal.add_working_hours(seg, u); };  // u hours of work after seg
      auto work = [&](Work kind, double per_staff) {  // time use, counted in the window; the hours counted
        if (!inside) return rec.work_span(spec, kind, k, at(used), at(used + per_staff));
        rec.work_hours(spec, kind, per_staff * kd);
        return per_staff * kd;
      };
      // Visits, in round order.
      if (cap - used > kEps && static_cast<double>(f.released) > f.visits + kEps) {
        const double need = (static_cast<double>(f.released) - f.visits) * vh / kd;
        const bool all = need <= cap - used;
        const double take = all ? need : cap - used;
        const double x0 = f.visits, x1 = all ? static_cast<double>(f.released) : x0 + take * kd / vh;
        if (goal && goal->visits <= x1 + kEps) return at(used + std::max(0.0, goal->visits - x0) * vh / kd);
        const auto j0 = static_cast<std::uint64_t>(std::floor(x0 + kEps));
        const auto j1 = static_cast<std::uint64_t>(std::floor(x1 + kEps));  // visits j0 .. j1-1 end here
        if (record && j1 > j0) {
          // Visit j ends after (j + 1 - x0) visit-times of work from the segment's start.
          auto ends = [&](double j) { return at(used + (j + 1 - x0) * vh / kd); };
          double counted = static_cast<double>(j1 - j0);
          if (seg < warmup) {  // those that end before the window are not counted
            const double before = std::floor(cal.working_hours_between(seg, warmup) * kd / vh + x0 - used * kd / vh + kEps);
            counted = std::clamp(static_cast<double>(j1) - std::max(before, static_cast<double>(j0)), 0.0, counted);
          }
          rec.visits(spec, static_cast<std::uint64_t>(counted), std::max(seg, warmup));
          rec.visits_on_time(spec, static_cast<std::uint64_t>(on_time(a, static_cast<double>(j0), static_cast<double>(j1), ends)));
        }
        if (record) {
          const double hours = work(Work::kVisits, take);
          if (a.travel_share > 0) rec.move_hours(spec, Work::kVisits, Work::kTravel, hours * a.travel_share);
        }
        f.reporting += static_cast<double>(j1 - j0) * a.report_per_visit;  // written up after
        f.visits = x1;
        used += take;
      }
      const bool visits_done = static_cast<double>(f.released) <= f.visits + kEps;
      // Patrol.
      if (cap - used > kEps && visits_done && f.patrol > kEps) {
        const bool all = f.patrol <= (cap - used) * kd;
        const double take = all ? f.patrol / kd : cap - used;  // per staff member
        if (goal && goal->patrol <= f.patrol_done + take * kd + kEps)
          return at(used + std::max(0.0, goal->patrol - f.patrol_done) / kd);
        if (record) work(Work::kPatrol, take);
        f.patrol = all ? 0.0 : f.patrol - take * kd;
        f.patrol_done += take * kd;
        used += take;
      }
      // Reporting.
      if (cap - used > kEps && visits_done && !(f.patrol > kEps) && f.reporting > kEps) {
        const bool all = f.reporting <= (cap - used) * kd;
        const double take = all ? f.reporting / kd : cap - used;
        if (record) work(Work::kReporting, take);
        f.reporting = all ? 0.0 : f.reporting - take * kd;
        used += take;
      }
      if (goal && goal->clear && !pending(f)) return at(used);
    }
    f.t = dend;
  }
}

// --- what waits on the duty work: finds and the wake of waiting issues ---

void Duties::plan(std::uint32_t ai, std::uint32_t k) {
  Area& a = areas_[ai];
  const double horizon = env_.rec.horizon();
  if (!a.by_visit.empty() || !a.by_patrol.empty()) {
    env_.sim.cancel(a.find);
    a.find = {};
    // Each goal looked ahead alone, so that the find knows which it was planned for.
    a.visits_at = a.patrol_at = kInf;
    double check = kInf;
    if (!a.by_visit.empty()) {
      // A visit released on a later day cannot end before that day: look again then, rather than
      // look ahead through the days between.
      const double j = a.by_visit.front().target - 1;
      const double day = std::floor(j * a.period / static_cast<double>(a.households) / core::kHoursPerDay);
      if (day > static_cast<double>(core::Calendar::day_index(env_.now()))) {
        check = day * core::kHoursPerDay;
      } else {
        Goal g;
        g.visits = a.goal_visits = a.by_visit.front().target;
        Fluid ahead = a.f;
        a.visits_at = advance(a, ahead, horizon, k, false, &g);
      }
    }
    if (!a.by_patrol.empty()) {
      Goal g;
      g.patrol = a.goal_patrol = a.by_patrol.front().target;
      Fluid ahead = a.f;
      a.patrol_at = advance(a, ahead, horizon, k, false, &g);
    }
    const double t = std::min({check, a.visits_at, a.patrol_at});
    if (t <= horizon) a.find = env_.sim.schedule_cancellable(std::max(t, env_.now()), order::kDiscovery, find_, ai);
  }
  if (a.wake_wanted) {
    env_.sim.cancel(a.wake);
    a.wake = {};
    Goal g;
    g.clear = true;
    Fluid ahead = a.f;
    if (const double t = advance(a, ahead, horizon, k, false, &g); t <= horizon)
      a.wake = env_.sim.schedule_cancellable(std::max(t, env_.now()), order::kCalendar, wake_, ai);
  }
}

// The free staff change: the work is settled with the old number, and what waits on it is planned
// again with the new one.
void Duties::staff_change(std::uint32_t pool, int delta) {
  const std::uint32_t ai = area_of_pool_[pool];
  Area& a = areas_[ai];
  settle(a);
  const auto k = static_cast<std::uint32_t>(static_cast<int>(free_staff(a)) - delta);
  if (a.wake_wanted || !a.by_visit.empty() || !a.by_patrol.empty()) plan(ai, k);
}

bool Duties::holds_issues(std::uint32_t pool) {
  const std::uint32_t ai = area_of_pool_[pool];
  Area& a = areas_[ai];
  settle(a);
  // The duty work planned to be done now is done, whatever the rounding of the sums (else the
  // wake could be planned again at this same instant forever).
  if (!pending(a.f) || env_.now() == a.cleared_at) return false;
  a.wake_wanted = true;
  plan(ai, free_staff(a));
  return true;
}

void Duties::on_wake(const core::Event& e) {
  env_.issues.focus(kNoSlot);
  Area& a = areas_[e.a];
  a.wake = {};
  a.wake_wanted = false;
  a.cleared_at = env_.now();
  settle(a);
  pools_.start_waiting(a.pool);
}

void Duties::attempt_done(std::uint32_t pool) {
  Area& a = areas_[area_of_pool_[pool]];
  settle(a);
  a.f.reporting += a.report_per_attempt;
}

// --- sittings ---

void Duties::seated(std::uint32_t pool, std::uint32_t sitting, double until, std::uint32_t n) {
  env_.rec.sat(env_.world.pools[pool], env_.now(), until, Work::kSittings, n);
  if (areas_[area_of_pool_[pool]].spec->sittings[sitting].receives) pools_.open_desk(pool, n, until);  // it closes the desk
  else env_.sim.schedule(until, order::kRelease, sitting_end_, pool, n);
}

void Duties::schedule_sitting(std::uint32_t area, std::uint32_t sitting, double after) {
  const double at = areas_[area].spec->sittings[sitting].schedule.next_after(env_.sc.calendar, after);
  if (at <= env_.rec.horizon()) env_.sim.schedule(at, order::kCalendar, sitting_, area, sitting);
}

void Duties::on_sitting(const core::Event& e) {
  env_.issues.focus(kNoSlot);
  Area& a = areas_[e.a];
  const SittingSpec& s = a.spec->sittings[e.b];
  const double now = env_.now();
  pools_.claim(a.pool, std::min(s.staff, env_.world.pools[a.pool].servers), now + s.hours, this, e.b);
  schedule_sitting(e.a, e.b, now);
  if (!s.receives) return;
  // A reception day: the residents bring what they kept for it; the desk takes what waits.
  std::vector<Awaiting> brought;
  brought.swap(a.by_reception);
  for (const Awaiting& w : brought) {
    if (!still_awaits(w)) continue;  // reported meanwhile
    env_.issues.focus(w.slot);
    env_.sim.cancel(waits_[w.slot].report);
    env_.rec.found(kByReception, now);
    env_.router.discovered(w.slot);
  }
  env_.issues.focus(kNoSlot);
  pools_.start_waiting(a.pool);
}

void Duties::on_sitting_end(const core::Event& e) {
  env_.issues.focus(kNoSlot);
  pools_.unseat(e.a, e.b);
}

// --- discovery by visits and patrols ---

void Duties::await(std::uint32_t slot, const DiscoveryChannel& channel, double u, double report_at) {
  const Issue& is = env_.issues[slot];
  waits_[slot].report = {};
  if (std::isfinite(report_at))
    waits_[slot].report = env_.sim.schedule_cancellable(report_at, order::kDiscovery, report_, slot);
  const Finder& f = finders_[channel.role];
  const UnitId leaf = is.v.origin;
  if (f.area[leaf] == World::kNone) return;  // no staff of the role above it: only the residents find it
  const std::uint32_t ai = f.area[leaf];
  Area& a = areas_[ai];
  settle(a);
  if (channel.kind == DiscoveryChannel::Kind::kReception) {
    a.by_reception.push_back(Awaiting{0, is.v.id, slot});
    return;
  }
  std::vector<Awaiting>& heap = channel.kind == DiscoveryChannel::Kind::kPatrol ? a.by_patrol : a.by_visit;
  double target;
  if (channel.kind == DiscoveryChannel::Kind::kPatrol) {
    target = a.f.patrol_done + a.patrol_per_day;  // a day's patrol of the area walked after it arose
  } else {
    const std::uint64_t in_leaf = env_.sc.org.unit(leaf).households, H = a.households;
    const std::uint64_t k = f.offset[leaf] + std::min<std::uint64_t>(in_leaf - 1, static_cast<std::uint64_t>(u * static_cast<double>(in_leaf)));
    // The next visit of household k not yet begun: the smallest j >= begun with j = k mod H.
    const auto begun = static_cast<std::uint64_t>(std::ceil(a.f.visits - kEps));
    std::uint64_t j = begun - begun % H + k;
    if (j < begun) j += H;
    target = static_cast<double>(j + 1);
  }
  heap.push_back(Awaiting{target, is.v.id, slot});
  std::push_heap(heap.begin(), heap.end(), std::greater<>());
  if (heap.front().slot == slot) plan(ai, free_staff(a));
}

void Duties::on_find(const core::Event& e) {
  const std::uint32_t ai = e.a;
  Area& a = areas_[ai];
  a.find = {};
  settle(a);
  // What the work done so far has reached, in target order. A goal planned for now is met by
  // construction, whatever the rounding of the sums: every change of the free staff plans again.
  const double now = env_.now();
  const double visits = now >= a.visits_at ? std::max(a.f.visits, a.goal_visits) : a.f.visits;
  const double patrol = now >= a.patrol_at ? std::max(a.f.patrol_done, a.goal_patrol) : a.f.patrol_done;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> found;  // slot, finder
  auto reached = [&](std::vector<Awaiting>& heap, double done, std::uint32_t finder) {
    while (!heap.empty() && heap.front().target <= done + kEps) {
      std::pop_heap(heap.begin(), heap.end(), std::greater<>());
      if (still_awaits(heap.back())) found.emplace_back(heap.back().slot, finder);
      heap.pop_back();
    }
  };
  reached(a.by_visit, visits, kByVisit);
  reached(a.by_patrol, patrol, kByPatrol);
  for (const auto& [slot, finder] : found) {
    env_.issues.focus(slot);
    env_.sim.cancel(waits_[slot].report);
    env_.rec.found(finder, env_.now());
    env_.router.discovered(slot);
  }
  env_.issues.focus(kNoSlot);
  plan(ai, free_staff(a));
}

void Duties::on_report(const core::Event& e) {  // the residents were first; the staff's find is skipped when reached
  env_.issues.focus(e.a);
  env_.rec.found(kByResidents, env_.now());
  env_.router.discovered(e.a);
}

// --- the end of the run ---

double Duties::due_by(const Area& a, double t) const {
  // Visits j with j·P/H + P <= t.
  if (a.households == 0 || t < a.period) return 0;
  return std::floor((t - a.period) * static_cast<double>(a.households) / a.period + kEps) + 1;
}

void Duties::finish() {
  const double warmup = env_.sc.warmup_hours(), horizon = env_.rec.horizon();
  for (Area& a : areas_) {
    (void)advance(a, a.f, horizon, free_staff(a), true, nullptr);
    const double done = std::floor(a.f.visits + kEps);
    const double overdue_visits = std::max(0.0, due_by(a, horizon) - done);
    // Patrol is behind when more than a week's is pending (it is owed per week).
    const double carried = std::max(0.0, a.f.patrol - 7 * a.patrol_per_day);
    env_.rec.duty_end(env_.world.pools[a.pool], due_by(a, horizon) - due_by(a, warmup), overdue_visits,
                      overdue_visits * a.visit_hours + carried);
  }
}

}  // namespace govsim::model
