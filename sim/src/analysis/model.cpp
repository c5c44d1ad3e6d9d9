#include "govsim/analysis/model.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

#include "govsim/analysis/offered_load.hpp"
#include "govsim/analysis/queueing.hpp"
#include "govsim/error.hpp"
#include "govsim/model/world.hpp"

namespace govsim::analysis {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// The scenario's mean demand factor for a category over days [first, last): month × weekday ×
/// surges, times the mean of the hourly profile.
double mean_factor(const model::Scenario& sc, const model::CategorySpec& cat, std::size_t cid, long first, long last) {
  double sum = 0;
  for (long d = first; d < last; ++d) {
    double f = cat.month[static_cast<std::size_t>(sc.calendar.month_of_day(d))] *
               cat.weekday[static_cast<std::size_t>(sc.calendar.weekday_of_day(d))];
    for (const auto& s : sc.surges)
      if (s.categories[cid] && d >= s.first_day && d <= s.last_day) f *= s.multiplier;
    sum += f;
  }
  double hourly = 1;
  if (cat.hour) {
    hourly = 0;
    for (double h : *cat.hour) hourly += h / 24;
  }
  return last > first ? sum / static_cast<double>(last - first) * hourly : 0;
}

// The mean and coefficient of variation of `role`'s service time at a station: the mixture of the
// per-category distributions the engine draws from (World::service), each weighted by the
// attempts of its category the pilot saw start there (`mix`, one per category) — escalated issues
// are not the categories' mix of arrivals — or, where the pilot saw none, by its category's rate.
struct ServiceMoments {
  double mean = 0, cv = 0;
};
ServiceMoments service_moments(const model::World& world, model::RoleId role, const std::uint64_t* mix) {
  bool seen = false;
  for (std::size_t c = 0; c < world.categories; ++c) seen = seen || mix[c] > 0;
  double weight = 0, m1 = 0, m2 = 0;
  for (std::size_t c = 0; c < world.categories; ++c) {
    const double w = seen ? static_cast<double>(mix[c]) : world.sc.categories[c].rate_per_household_year;
    const auto& d = world.service(role, static_cast<model::CategoryId>(c));
    weight += w;
    m1 += w * d.mean();
    m2 += w * (d.variance() + d.mean() * d.mean());
  }
  if (!(weight > 0)) return {};
  m1 /= weight;
  m2 /= weight;
  return {m1, m1 > 0 ? std::sqrt(std::max(0.0, m2 - m1 * m1)) / m1 : 0};
}

std::string percent(double x) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(0) << 100 * x << "%";
  return os.str();
}

}  // namespace

namespace {

// The pilot: the scenario run for options.pilot_days after its warm-up, and its flows summed over
// the replications.
struct Pilot {
  model::Scenario sc;
  model::RunResult run;
  model::FlowCounts flow;
  double days = 0;  // replication-days measured
  std::uint64_t entries = 0, ended_visited = 0, ended_unvisited = 0;
};

Pilot run_pilot(const model::Scenario& scenario, const AnalyzeOptions& options) {
  Pilot p;
  model::Scenario& sc = p.sc;
  sc = scenario;
  sc.run.horizon_days = sc.run.warmup_days + options.pilot_days;
  sc.run.replications = options.replications;
  model::RunOptions ro;
  ro.threads = options.threads;
  ro.policy = options.policy;
  ro.interrupted = options.interrupted;
  p.run = model::run(sc, ro);
  const std::size_t L = sc.levels.size(), C = sc.roles.size() + 1;
  model::FlowCounts& f = p.flow;
  f.resize(L, C, sc.categories.size());
  double window_hours = 0;
  for (const auto& rep : p.run.replications) {
    const auto& g = rep.flow;
    for (std::size_t i = 0; i < L; ++i) f.entries[i] += g.entries[i];
    for (std::size_t i = 0; i < f.moves.size(); ++i) f.moves[i] += g.moves[i];
    for (std::size_t i = 0; i < f.ends.size(); ++i) f.ends[i] += g.ends[i];
    for (int o = 0; o < 3; ++o) f.ends_unvisited[o] += g.ends_unvisited[o];
    for (std::size_t i = 0; i < f.visits.size(); ++i) {
      f.visits[i] += g.visits[i];
      f.started[i] += g.started[i];
      f.waited[i] += g.waited[i];
      f.wait_hours[i] += g.wait_hours[i];
      f.service_hours[i] += g.service_hours[i];
    }
    for (std::size_t i = 0; i < f.started_by_category.size(); ++i) f.started_by_category[i] += g.started_by_category[i];
    window_hours += rep.window_hours;
  }
  p.days = window_hours / core::kHoursPerDay;
  for (auto e : f.entries) p.entries += e;
  for (auto e : f.ends) p.ended_visited += e;
  for (auto e : f.ends_unvisited) p.ended_unvisited += e;
  if (p.entries == 0 || p.days <= 0)
    throw ModelError("analyze: the pilot of " + std::to_string(options.pilot_days) +
                     " days saw no issue join a queue; nothing to estimate routing from (a longer pilot, or more demand)");
  return p;
}

// Routing between levels (traffic equations) and the absorbing chain of where issues end.
void estimate_routing(AnalyticModel& m, const model::Scenario& sc, const Pilot& p) {
  const model::FlowCounts& f = p.flow;
  const std::size_t L = sc.levels.size(), C = sc.roles.size() + 1;
  const double days = p.days;
  const std::uint64_t entries = p.entries, ended_visited = p.ended_visited;
  m.external = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(L));
  m.routing = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(L), static_cast<Eigen::Index>(L));
  Eigen::MatrixXd absorbing = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(L), static_cast<Eigen::Index>(L + 2));
  m.sim_visits = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(L));
  const double visited_per_day = m.issues_per_day * (1 - m.unvisited_share);
  for (std::size_t i = 0; i < L; ++i) {
    const auto ii = static_cast<Eigen::Index>(i);
    m.external(ii) = visited_per_day * static_cast<double>(f.entries[i]) / static_cast<double>(entries);
    double out = 0;
    for (std::size_t j = 0; j < L; ++j) out += static_cast<double>(f.moves[i * L + j]);
    for (int o = 0; o < 3; ++o) out += static_cast<double>(f.ends[i * 3 + o]);
    for (std::size_t col = 0; col < C; ++col) m.sim_visits(ii) += static_cast<double>(f.visits[i * C + col]) / days;
    if (out == 0) {  // never left in the pilot: treat as ending where it is
      absorbing(ii, ii) = 1;
      continue;
    }
    for (std::size_t j = 0; j < L; ++j) m.routing(ii, static_cast<Eigen::Index>(j)) = static_cast<double>(f.moves[i * L + j]) / out;
    absorbing(ii, ii) = static_cast<double>(f.ends[i * 3 + 0]) / out;
    absorbing(ii, static_cast<Eigen::Index>(L)) = static_cast<double>(f.ends[i * 3 + 1]) / out;
    absorbing(ii, static_cast<Eigen::Index>(L + 1)) = static_cast<double>(f.ends[i * 3 + 2]) / out;
  }
  if (!(m.external.sum() > 0))
    throw ModelError("analyze: the scenario's demand over the pilot window is zero; nothing arrives to analyse");
  try {
    m.visits = traffic_equations(m.routing, m.external);
    m.chain = absorbing_chain(m.routing, absorbing);
  } catch (const std::invalid_argument& e) {
    throw ModelError(std::string("analyze: the routing estimated from the pilot cannot be solved (") + e.what() +
                     "); a longer pilot sees more issues leave each level");
  }
  for (const auto& l : sc.levels) m.outcomes.push_back("resolved at " + l.name);
  m.outcomes.push_back("closed unresolved");
  m.outcomes.push_back("withdrawn");
  const Eigen::VectorXd start = m.external / m.external.sum();
  m.end_share = m.chain.absorption.transpose() * start;
  m.visits_per_issue = start.dot(m.chain.steps);
  m.sim_end_share = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(L + 2));
  for (std::size_t i = 0; i < L; ++i) {
    m.sim_end_share(static_cast<Eigen::Index>(i)) += static_cast<double>(f.ends[i * 3 + 0]);
    m.sim_end_share(static_cast<Eigen::Index>(L)) += static_cast<double>(f.ends[i * 3 + 1]);
    m.sim_end_share(static_cast<Eigen::Index>(L + 1)) += static_cast<double>(f.ends[i * 3 + 2]);
  }
  if (ended_visited > 0) m.sim_end_share /= static_cast<double>(ended_visited);
  std::uint64_t all_visits = 0;
  for (auto v : f.visits) all_visits += v;
  m.sim_visits_per_issue = static_cast<double>(all_visits) / static_cast<double>(entries);
}

// Patience (Erlang A): the created-weighted rate of giving up (per hour), if any category has one;
// categories without patience never give up (a rate of 0).
double patience_rate(const model::Scenario& sc, bool& patience) {
  double theta = 0, weight = 0;
  patience = false;
  for (std::size_t c = 0; c < sc.categories.size(); ++c) {
    const double w = sc.categories[c].rate_per_household_year;
    weight += w;
    if (sc.categories[c].patience && sc.categories[c].patience->mean() > 0) {
      patience = true;
      theta += w / sc.categories[c].patience->mean();
    }
  }
  if (patience && weight > 0) theta /= weight;
  return theta;
}

// A staff station: queueing formulas per unit (Erlang C, or Erlang A with patience) from the
// pilot's visits and service, with the caveats that limit them.
void estimate_staff_station(StationEstimate& st, const model::World& world, const model::RunResult& run, std::size_t col,
                            std::size_t l, double theta, bool patience, const std::uint64_t* mix) {
  const model::Scenario& sc = world.sc;
  const double window0 = sc.warmup_hours(), window1 = sc.horizon_hours();
  const auto& role = sc.roles[col];
  const auto& cal = sc.calendars[role.calendar].calendar;
  st.availability = window1 > window0 ? cal.working_hours_between(window0, window1) / (window1 - window0) : 1;
  // The scenario's own service distribution where it gives one; the pilot's mean stays beside it.
  const auto moments = service_moments(world, static_cast<model::RoleId>(col), mix);
  st.service_cv = moments.cv;
  if (moments.mean > 0) st.mean_service_hours = moments.mean;
  st.erlang_a = patience;
  // A role pooled above its level works here from pools at the higher level.
  const int pool_level = role.pooled_at && !role.grids() && static_cast<int>(l) == *role.level ? *role.pooled_at : static_cast<int>(l);
  if (const auto* u = run.find_metric("utilisation." + role.name + "@" + sc.levels[pool_level].name)) st.sim_utilisation = u->ci.mean;
  // Units holding the role's pools, their staff and households.
  std::vector<std::pair<double, double>> units;  // (households, servers)
  double hh_total = 0, duty_hours = 0;            // duty: hours a week over the units
  for (graph::UnitId u = 0; u < sc.org.size(); ++u) {
    const auto& unit = sc.org.unit(u);
    if (unit.level != pool_level) continue;
    for (const auto& [rid, n] : unit.staff)
      if (rid == col && n > 0) {
        const std::uint32_t p = world.find_pool(u, static_cast<model::RoleId>(col));
        const double hh = static_cast<double>(world.pool_households[p]);
        units.emplace_back(hh, static_cast<double>(n));
        hh_total += hh;
        if (role.duties.any() || !world.meeting_load.empty()) duty_hours += world.duty_load(p).total();
      }
  }
  st.units = units.size();
  if (units.empty() || st.mean_service_hours <= 0 || st.availability <= 0) {
    st.caveats.push_back("no staff estimate (no pools or no service seen)");
    return;
  }
  const double mu = st.availability / st.mean_service_hours;  // per wall-clock hour per server
  // Waits are averaged over the attempts that start (what the pilot measures): with patience, the
  // residents who are served.
  double served_total = 0, pw = 0, wq = 0, work = 0, staff = 0;
  bool approximate = false;
  for (const auto& [hh, c] : units) {
    const double w = hh_total > 0 ? hh / hh_total : 1.0 / static_cast<double>(units.size());
    const double lambda = st.visits_per_day * w / core::kHoursPerDay;
    st.servers += c;
    staff += c;
    const int servers = static_cast<int>(c);
    st.max_utilisation = std::max(st.max_utilisation, lambda / mu / c);
    if (lambda <= 0) continue;
    if (patience) {
      const auto a = erlang_a(lambda, mu, theta, servers);
      const double served = lambda * (1 - a.p_abandon);
      work += a.utilisation * c;  // busy servers: those who give up take no service
      served_total += served;
      pw += served * a.p_wait_served;
      wq += served * a.mean_wait_served;
    } else {
      const auto q = mgc(lambda, 1 / mu, st.service_cv, servers);
      work += lambda / mu;
      served_total += lambda;
      approximate = approximate || !q.exact;
      st.method = q.method;
      if (!q.stable) {
        ++st.unstable_units;
        pw += lambda;  // everyone waits
        continue;
      }
      pw += lambda * q.p_wait;
      wq += lambda * q.mean_wait;
    }
  }
  if (patience) st.method = "Erlang A";
  else if (approximate) st.method = "Allen-Cunneen";
  else if (st.method.empty()) st.method = "none (no arrivals)";
  st.exact = !approximate;
  st.utilisation = staff > 0 ? work / staff : 0;
  // Duties take staff time on the calendar too: what is left for issues is what they leave.
  st.duty_utilisation = staff > 0 ? duty_hours / (7 * core::kHoursPerDay) / (staff * st.availability) : 0;
  if (st.duty_utilisation > 0) {
    std::ostringstream os;
    os << "duties take " << percent(st.duty_utilisation) << " of working hours";
    if (st.utilisation + st.duty_utilisation >= 1) os << ": with issues beyond them, duty work falls behind";
    else if (role.duties.sharing == model::DutySpec::Sharing::kDutiesFirst)
      os << "; issues wait for each day's duty work (duties_first), which the queueing formulas leave out";
    st.caveats.push_back(os.str());
  }
  st.p_wait = served_total > 0 ? pw / served_total : 0;
  st.mean_wait_hours = st.unstable_units > 0 ? kInf : served_total > 0 ? wq / served_total : 0;
  if (st.unstable_units > 0) st.caveats.push_back(std::to_string(st.unstable_units) + " units overloaded (load >= staff)");
  if (st.availability < 0.999)
    st.caveats.push_back("open " + percent(st.availability) + " of the time: arrivals wait overnight and at weekends");
  if (std::abs(st.service_cv - 1) >= kExponentialCvTolerance) {
    std::ostringstream os;
    os << "service cv " << std::setprecision(2) << st.service_cv;
    if (patience) os << ", not exponential: Erlang A assumes it is";
    else if (approximate) os << ": Allen-Cunneen's approximation";
    else os << ": Pollaczek-Khinchine, exact";
    st.caveats.push_back(os.str());
  }
  if (patience) st.caveats.push_back("Erlang A with the mean patience rate");
}

// Seasonal offered load, month by month, at the stations where issues first join a queue.
void estimate_seasonal_load(AnalyticModel& m, const model::Scenario& sc, const model::FlowCounts& f) {
  const std::size_t L = sc.levels.size();
  const long first_day = static_cast<long>(std::floor(sc.run.warmup_days));
  const double households = static_cast<double>(sc.org.total_households());
  int entry_level = 0;
  for (std::size_t i = 0; i < L; ++i)
    if (f.entries[i] > f.entries[static_cast<std::size_t>(entry_level)]) entry_level = static_cast<int>(i);
  double wall_service = 0, wsum = 0;
  for (const auto& st : m.stations)
    if (st.level == entry_level && !st.meetings && st.availability > 0) {
      wall_service += st.sim_visits_per_day * st.mean_service_hours / st.availability;
      wsum += st.sim_visits_per_day;
    }
  if (wsum > 0) {
    wall_service /= wsum;
    // Visits to the entry level per issue, so that the load counts retries there.
    const double per_issue = m.visits(entry_level) / std::max(m.issues_per_day, 1e-300);
    auto rate = [&](double t) {  // entry visits an hour
      const long day = core::Calendar::day_index(t < 0 ? t - core::kHoursPerDay : t);
      double r = 0;
      for (const auto& cat : sc.categories)
        r += households * cat.rate_per_household_year / core::kHoursPerYear *
             cat.month[static_cast<std::size_t>(sc.calendar.month_of_day(day))];
      return r * per_issue;
    };
    const auto service = core::Distribution::exponential(wall_service);
    for (int month = 0; month < 12; ++month) {
      // Mid-month (the 15th) of the first such month after the warm-up.
      long day = first_day;
      while (sc.calendar.month_of_day(day) != month || sc.calendar.day_of_month(day) != 15) ++day;
      MonthLoad ml;
      ml.month = month;
      ml.arrivals_per_day = rate(day * core::kHoursPerDay + 12) * core::kHoursPerDay / per_issue;
      ml.offered_load = offered_load(rate, service, day * core::kHoursPerDay + 12);
      ml.staff_beta1 = ml.offered_load > 0 ? square_root_staffing(ml.offered_load, 1.0) : 0;
      m.months.push_back(ml);
    }
  }}

}  // namespace

AnalyticModel analyze(const model::Scenario& scenario, const AnalyzeOptions& options) {
  if (!(options.pilot_days > 0)) throw Error("analyze: expected pilot days > 0");
  if (options.replications < 1) throw Error("analyze: expected at least 1 pilot replication");
  const Pilot pilot = run_pilot(scenario, options);
  const model::Scenario& sc = pilot.sc;
  const model::RunResult& run = pilot.run;
  const model::FlowCounts& f = pilot.flow;
  const std::size_t L = sc.levels.size(), R = sc.roles.size(), C = R + 1;
  const double days = pilot.days;

  AnalyticModel m;
  m.scenario = sc.name;
  m.policy = run.policy;
  m.pilot_days = options.pilot_days;
  m.replications = options.replications;
  for (const auto& l : sc.levels) m.levels.push_back(l.name);

  // Demand from the scenario: households × rates × the mean seasonal factor over the window.
  const long first_day = static_cast<long>(std::floor(sc.run.warmup_days));
  const long last_day = static_cast<long>(std::ceil(sc.run.horizon_days));
  const double households = static_cast<double>(sc.org.total_households());
  for (std::size_t c = 0; c < sc.categories.size(); ++c) {
    const auto& cat = sc.categories[c];
    m.issues_per_day += households * cat.rate_per_household_year / 365.0 * mean_factor(sc, cat, c, first_day, last_day);
  }
  double sim_created = 0;
  for (const auto& rep : run.replications) sim_created += static_cast<double>(rep.created);
  m.sim_issues_per_day = sim_created / days;
  if (pilot.ended_visited == 0)
    throw ModelError("analyze: no issue that joined a queue ended within the pilot of " + std::to_string(options.pilot_days) +
                     " days; nothing to estimate where issues end from (a longer pilot)");
  m.unvisited_share = static_cast<double>(pilot.ended_unvisited) / static_cast<double>(pilot.ended_unvisited + pilot.ended_visited);
  estimate_routing(m, sc, pilot);
  bool patience = false;
  const double theta = patience_rate(sc, patience);
  const model::World world(sc);  // the tables the engine reads, e.g. each category's service distribution

  // Stations: each (level, role) that issues visited, and each level's meetings and joint handlings.
  for (std::size_t l = 0; l < L; ++l) {
    double level_visits = 0;
    for (std::size_t col = 0; col < C; ++col) level_visits += static_cast<double>(f.visits[l * C + col]);
    for (std::size_t col = 0; col < C; ++col) {
      const std::size_t s = l * C + col;
      if (f.visits[s] == 0) continue;
      StationEstimate st;
      st.level = static_cast<int>(l);
      st.level_name = sc.levels[l].name;
      st.meetings = col == R;
      st.role = st.meetings ? "meetings" : sc.roles[col].name;
      const double share = static_cast<double>(f.visits[s]) / level_visits;
      st.visits_per_day = m.visits(static_cast<Eigen::Index>(l)) * share;
      st.sim_visits_per_day = static_cast<double>(f.visits[s]) / days;
      st.mean_service_hours = f.started[s] > 0 ? f.service_hours[s] / static_cast<double>(f.started[s]) : 0;
      st.sim_mean_service_hours = st.mean_service_hours;
      if (f.started[s] > 0) {
        st.sim_p_wait = static_cast<double>(f.waited[s]) / static_cast<double>(f.started[s]);
        st.sim_mean_wait_hours = f.wait_hours[s] / static_cast<double>(f.started[s]);
      }
      if (st.meetings) {
        for (graph::UnitId u = 0; u < sc.org.size(); ++u)
          if (sc.org.unit(u).level == static_cast<int>(l)) ++st.units;
        st.caveats.push_back("meetings and joint handlings: items wait for a sitting, not a server");
        m.stations.push_back(std::move(st));
        continue;
      }
      estimate_staff_station(st, world, run, col, l, theta, patience, &f.started_by_category[s * f.categories]);
      m.stations.push_back(std::move(st));
    }
  }

  estimate_seasonal_load(m, sc, f);
  return m;
}

std::string format(const AnalyticModel& m) {
  std::ostringstream os;
  auto num = [](double x, int prec = 3) {
    std::ostringstream o;
    if (std::isinf(x)) return std::string("inf");
    o << std::setprecision(prec) << x;
    return o.str();
  };
  os << "analytic model of '" << m.scenario << "' under '" << m.policy << "', beside a pilot of " << m.replications
     << " x " << num(m.pilot_days) << " days\n\n";
  os << "demand: " << num(m.issues_per_day, 4) << " issues a day from the scenario; the pilot created "
     << num(m.sim_issues_per_day, 4) << "; " << percent(m.unvisited_share) << " ended without joining a queue\n\n";
  os << "traffic equations, visits a day (lambda = (I - P^T)^-1 gamma, routing P from the pilot):\n";
  os << std::left << std::setw(16) << "level" << std::right << std::setw(12) << "external" << std::setw(12) << "analytic"
     << std::setw(12) << "pilot" << "   routing to";
  for (const auto& l : m.levels) os << " " << l;
  os << "\n";
  for (std::size_t i = 0; i < m.levels.size(); ++i) {
    const auto ii = static_cast<Eigen::Index>(i);
    os << std::left << std::setw(16) << m.levels[i] << std::right << std::setw(12) << num(m.external(ii), 4)
       << std::setw(12) << num(m.visits(ii), 4) << std::setw(12) << num(m.sim_visits(ii), 4) << "  ";
    for (std::size_t j = 0; j < m.levels.size(); ++j) os << " " << num(m.routing(ii, static_cast<Eigen::Index>(j)), 3);
    os << "\n";
  }
  os << "\nwhere issues end (absorbing chain B = N R, N = (I - Q)^-1), share of issues that joined a queue:\n";
  os << std::left << std::setw(24) << "outcome" << std::right << std::setw(12) << "analytic" << std::setw(12) << "pilot" << "\n";
  for (std::size_t k = 0; k < m.outcomes.size(); ++k)
    os << std::left << std::setw(24) << m.outcomes[k] << std::right << std::setw(12)
       << num(m.end_share(static_cast<Eigen::Index>(k)), 4) << std::setw(12) << num(m.sim_end_share(static_cast<Eigen::Index>(k)), 4)
       << "\n";
  os << std::left << std::setw(24) << "visits per issue" << std::right << std::setw(12) << num(m.visits_per_issue, 4)
     << std::setw(12) << num(m.sim_visits_per_issue, 4) << "\n";
  os << "\nstations, per unit (Erlang C for exponential service, Pollaczek-Khinchine for one server, Allen-Cunneen's\n"
        "approximation otherwise, Erlang A where residents give up; service from the scenario's distributions, on the\n"
        "role's calendar; waits over the attempts that start):\n";
  os << std::left << std::setw(28) << "station" << std::right << std::setw(7) << "units" << std::setw(8) << "staff"
     << std::setw(10) << "visits/d" << std::setw(8) << "E[S] h" << std::setw(8) << "open" << std::setw(9) << "util"
     << std::setw(9) << "sim" << std::setw(10) << "P(wait)" << std::setw(9) << "sim" << std::setw(10) << "wait h"
     << std::setw(10) << "sim" << "  where theory breaks\n";
  for (const auto& s : m.stations) {
    os << std::left << std::setw(28) << (s.role + "@" + s.level_name) << std::right << std::setw(7) << s.units;
    if (s.meetings) {
      os << std::setw(8) << "-" << std::setw(10) << num(s.visits_per_day, 4) << std::setw(8) << num(s.mean_service_hours)
         << std::setw(8) << "-" << std::setw(9) << "-" << std::setw(9) << "-" << std::setw(10) << "-" << std::setw(9)
         << num(s.sim_p_wait) << std::setw(10) << "-" << std::setw(10) << num(s.sim_mean_wait_hours, 4);
    } else {
      os << std::setw(8) << num(s.servers, 4) << std::setw(10) << num(s.visits_per_day, 4) << std::setw(8)
         << num(s.mean_service_hours) << std::setw(8) << percent(s.availability) << std::setw(9) << num(s.utilisation)
         << std::setw(9) << num(s.sim_utilisation) << std::setw(10) << num(s.p_wait) << std::setw(9) << num(s.sim_p_wait)
         << std::setw(10) << num(s.mean_wait_hours, 4) << std::setw(10) << num(s.sim_mean_wait_hours, 4);
    }
    os << "  ";
    for (std::size_t k = 0; k < s.caveats.size(); ++k) os << (k ? "; " : "") << s.caveats[k];
    os << "\n";
  }
  if (!m.months.empty()) {
    static const char* names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    os << "\nseasonal offered load at the entry level (m(t) = E[lambda(t - Se)] E[S], wall clock; staff = ceil(m + sqrt(m)), pooled):\n";
    os << std::left << std::setw(8) << "month" << std::right << std::setw(12) << "issues/d" << std::setw(12) << "m(t)"
       << std::setw(8) << "staff" << "\n";
    for (const auto& ml : m.months)
      os << std::left << std::setw(8) << names[ml.month] << std::right << std::setw(12) << num(ml.arrivals_per_day, 4)
         << std::setw(12) << num(ml.offered_load, 4) << std::setw(8) << ml.staff_beta1 << "\n";
  }
  return os.str();
}

nlohmann::ordered_json to_json(const AnalyticModel& m) {
  using J = nlohmann::ordered_json;
  auto finite = [](double x) { return std::isfinite(x) ? J(x) : J(nullptr); };
  auto vec = [&](const Eigen::VectorXd& v) {
    J a = J::array();
    for (Eigen::Index i = 0; i < v.size(); ++i) a.push_back(finite(v(i)));
    return a;
  };
  J j;
  j["scenario"] = m.scenario;
  j["policy"] = m.policy;
  j["pilot_days"] = m.pilot_days;
  j["replications"] = m.replications;
  j["levels"] = m.levels;
  j["issues_per_day"] = m.issues_per_day;
  j["sim_issues_per_day"] = m.sim_issues_per_day;
  j["unvisited_share"] = m.unvisited_share;
  j["external_per_day"] = vec(m.external);
  j["visits_per_day"] = vec(m.visits);
  j["sim_visits_per_day"] = vec(m.sim_visits);
  J routing = J::array();
  for (Eigen::Index i = 0; i < m.routing.rows(); ++i) routing.push_back(vec(m.routing.row(i).transpose()));
  j["routing"] = routing;
  j["outcomes"] = m.outcomes;
  j["end_share"] = vec(m.end_share);
  j["sim_end_share"] = vec(m.sim_end_share);
  j["visits_per_issue"] = m.visits_per_issue;
  j["sim_visits_per_issue"] = m.sim_visits_per_issue;
  J stations = J::array();
  for (const auto& s : m.stations) {
    J o;
    o["level"] = s.level_name;
    o["role"] = s.role;
    o["meetings"] = s.meetings;
    o["units"] = s.units;
    o["staff"] = s.servers;
    o["visits_per_day"] = s.visits_per_day;
    o["sim_visits_per_day"] = s.sim_visits_per_day;
    o["mean_service_hours"] = s.mean_service_hours;
    o["sim_mean_service_hours"] = s.sim_mean_service_hours;
    o["service_cv"] = s.service_cv;
    o["availability"] = s.availability;
    o["erlang_a"] = s.erlang_a;
    o["method"] = s.meetings ? J(nullptr) : J(s.method);
    o["exact"] = s.meetings ? J(nullptr) : J(s.exact);
    o["utilisation"] = s.utilisation;
    o["duty_utilisation"] = s.duty_utilisation;
    o["max_utilisation"] = s.max_utilisation;
    o["sim_utilisation"] = s.sim_utilisation;
    o["unstable_units"] = s.unstable_units;
    o["p_wait"] = s.meetings ? J(nullptr) : finite(s.p_wait);
    o["sim_p_wait"] = s.sim_p_wait;
    o["mean_wait_hours"] = s.meetings ? J(nullptr) : finite(s.mean_wait_hours);
    o["sim_mean_wait_hours"] = s.sim_mean_wait_hours;
    o["caveats"] = s.caveats;
    stations.push_back(o);
  }
  j["stations"] = stations;
  J months = J::array();
  for (const auto& ml : m.months)
    months.push_back({{"month", ml.month + 1}, {"arrivals_per_day", ml.arrivals_per_day},
                      {"offered_load", ml.offered_load}, {"staff_beta1", ml.staff_beta1}});
  j["months"] = months;
  return j;
}

}  // namespace govsim::analysis
