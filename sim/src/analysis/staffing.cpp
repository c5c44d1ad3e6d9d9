#include "govsim/analysis/staffing.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <iomanip>
#include <map>
#include <numeric>
#include <regex>
#include <sstream>

#include "govsim/analysis/model.hpp"
#include "govsim/analysis/queueing.hpp"
#include "govsim/error.hpp"
#include "govsim/io/scenario_loader.hpp"
#include "govsim/model/runner.hpp"

namespace govsim::analysis {
namespace {

const std::map<std::string, std::string>& aliases() {
  static const std::map<std::string, std::string> a = {
      {"mean_time_to_resolve", "ttr_mean_hours"}, {"p50_time_to_resolve", "ttr_p50_hours"},
      {"p90_time_to_resolve", "ttr_p90_hours"},   {"p95_time_to_resolve", "ttr_p95_hours"},
      {"time_to_first_response", "first_response_mean_hours"}, {"mean_wait", "mean_wait_hours"}};
  return a;
}

bool is_hours(const std::string& metric) {
  return metric.size() > 6 && (metric.ends_with("_hours") || metric.find("_hours.") != std::string::npos);
}

double one_sided_t(std::uint32_t n, double alpha) {
  if (n < 2) return std::numeric_limits<double>::infinity();
  boost::math::students_t dist(static_cast<double>(n - 1));
  return boost::math::quantile(boost::math::complement(dist, alpha));
}

struct Ladder {
  std::vector<double> settings;       // ascending staff
  std::vector<std::uint64_t> staff;
};

}  // namespace

StaffTarget parse_staff_target(const std::string& text) {
  static const std::regex re(R"(^\s*([A-Za-z0-9_.@]+)\s*(<=|>=)\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(h|d|w|%)?\s*$)");
  std::smatch m;
  if (!std::regex_match(text, m, re))
    throw Error("staff: target '" + text + "': expected METRIC<=VALUE or METRIC>=VALUE with an optional unit h, d, w or %, "
                "e.g. p90_time_to_resolve<=72h or sla_compliance>=90%");
  StaffTarget t;
  t.text = text;
  t.metric = m[1].str();
  if (auto it = aliases().find(t.metric); it != aliases().end()) t.metric = it->second;
  t.at_most = m[2].str() == "<=";
  t.value = std::stod(m[3].str());
  const std::string unit = m[4].str();
  if (unit == "%") {
    t.value /= 100;
  } else if (!unit.empty()) {
    if (!is_hours(t.metric))
      throw Error("staff: target '" + text + "': a time unit (" + unit + ") fits only a metric in hours (e.g. ttr_p90_hours), not '" +
                  t.metric + "'");
    t.value *= unit == "d" ? 24 : unit == "w" ? 168 : 1;
  }
  return t;
}

namespace {
constexpr std::uint32_t kMaxStaffPerUnit = 100'000;
}  // namespace

namespace {

// The options' own limits, before anything is loaded.
void check_options(const StaffOptions& opt) {
  if (opt.targets.empty()) throw Error("staff: expected at least one --target");
  if (!(opt.confidence > 0.5 && opt.confidence < 1)) throw Error("staff: expected a confidence in (0.5, 1)");
  if (opt.initial_reps < 2 || opt.max_reps < opt.initial_reps)
    throw Error("staff: expected at least 2 initial replications and a cap no smaller");
  if (opt.max_per_unit > kMaxStaffPerUnit)
    throw Error("staff: expected --max-per-unit from 1 to " + std::to_string(kMaxStaffPerUnit) + ", got " +
                std::to_string(opt.max_per_unit));
  for (const auto& [name, v] : {std::pair{"--min-households", opt.min_households}, {"--max-households", opt.max_households}})
    if (v != 0 && !(v >= 1 && v <= 1e9))
    {
      std::ostringstream os;
      os << "staff: expected " << name << " from 1 to 1e9 households per worker, got " << std::setprecision(6) << v;
      throw Error(os.str());
    }
}

// The analytic start: square-root staffing of each unit's offered load at the role's station,
// from analyze()'s estimate on a short pilot (0 when the pilot saw nothing to estimate from).
std::uint64_t analytic_staff(const model::Scenario& base, const StaffOptions& opt, const model::RoleSpec& role,
                             const std::vector<double>& unit_hh, bool per_households) {
  AnalyzeOptions ao;
  ao.pilot_days = std::clamp(base.run.horizon_days - base.run.warmup_days, 1.0, 90.0);
  ao.replications = 2;
  ao.threads = opt.threads;
  ao.interrupted = opt.interrupted;
  ao.policy = opt.policy;
  std::uint64_t s0 = 0;
  try {
    const auto model = analyze(base, ao);
    for (const auto& st : model.stations)
      if (!st.meetings && st.role == opt.role && st.level == *role.level && st.mean_service_hours > 0 && st.availability > 0) {
        const double total = std::accumulate(unit_hh.begin(), unit_hh.end(), 0.0);
        // Duties: visits (and their reporting) are work per household; patrol takes a share of
        // each staff member's time. Both count in the offered load (docs/staffing.md).
        const auto& d = role.duties;
        const double visit_per_hh = d.visits ? (d.visits->hours() + d.report_minutes_per_visit / 60) /
                                                   (d.visits->every_days * core::kHoursPerDay) / st.availability
                                             : 0;
        const double patrol_share = std::min(0.9, d.patrol_hours_per_week / (7 * core::kHoursPerDay) / st.availability);
        for (double h : unit_hh) {
          const double load = st.visits_per_day * (total > 0 ? h / total : 1.0 / static_cast<double>(unit_hh.size())) /
                              core::kHoursPerDay * st.mean_service_hours / st.availability;
          const double staff = std::ceil(square_root_staffing(load, opt.beta) + h * visit_per_hh) / (1 - patrol_share);
          s0 += std::max<std::uint64_t>(per_households ? role.min_count : 1, static_cast<std::uint64_t>(std::ceil(staff)));
        }
      }
  } catch (const ModelError&) {  // a pilot that saw nothing to estimate: start from the fewest staff
  }
  return s0;
}

// The ladder of staffing settings, by total staff ascending: households per worker (a
// per_households role), the grids' households (a role drawn in grids with a count per grid: the
// grids are drawn again for each), or staff per unit (a count role).
Ladder build_ladder(const StaffResult& res, const StaffOptions& opt, const model::Scenario& base, const model::RoleSpec& role,
                    const std::vector<double>& unit_hh) {
  Ladder ladder;
  std::vector<graph::UnitId> grid_of;
  std::vector<std::uint64_t> grid_hh;
  std::vector<bool> own(base.org.size(), false);  // units whose own staff entry keeps them out of the grids
  if (res.grid)
    for (graph::UnitId u = 0; u < base.org.size(); ++u)
      own[u] = role.grid_of[u] == graph::kNoUnit && base.org.unit(u).level == *role.level;
  auto staff_for = [&](double setting) {
    std::uint64_t n = 0;
    if (res.grid) {  // count staff in each grid of `setting` households
      model::draw_grids(base.org, *role.level, *role.pooled_at, setting, grid_of, grid_hh, own);
      for (graph::UnitId u = 0; u < base.org.size(); ++u) n += grid_of[u] == u ? role.count : 0;
      return n;
    }
    for (double h : unit_hh)
      n += res.per_households ? std::max<std::uint64_t>(role.min_count, static_cast<std::uint64_t>(std::llround(h / setting)))
                              : static_cast<std::uint64_t>(setting);
    return n;
  };
  if (res.per_households || res.grid) {
    // Households per worker searched; for grids, the grid's households (count staff each).
    const double per = res.grid ? static_cast<double>(std::max<std::uint32_t>(1, role.count)) : 1.0;
    const double biggest = *std::max_element(unit_hh.begin(), unit_hh.end());
    const double rule = res.grid ? role.grid_households / per : role.per_households;
    double lo = opt.min_households > 0 ? opt.min_households : std::max(1.0, rule / 8);
    if (opt.min_households <= 0 && res.analytic_staff > 0)  // room for twice the analytic estimate
      lo = std::max(1.0, std::min(lo, static_cast<double>(res.households) / (2.0 * static_cast<double>(res.analytic_staff))));
    double hi = opt.max_households > 0 ? opt.max_households : std::max(res.grid ? 4 * rule : 2.5 * biggest, 2 * lo);
    lo *= per, hi *= per;
    if (!(lo < hi)) {
      std::ostringstream os;
      os << std::setprecision(6) << "staff: expected the lower end of the households per worker searched below its upper end; got "
         << lo / per << (opt.min_households > 0 ? " (--min-households)" : " (the automatic lower end)") << " and " << hi / per
         << (opt.max_households > 0 ? " (--max-households)" : " (the automatic upper end)");
      throw Error(os.str());
    }
    std::map<std::uint64_t, double> by_staff;  // staff -> the most households per worker giving it
    for (double h = lo; h <= hi * 1.0000001; h *= 1.02) {
      auto& slot = by_staff[staff_for(h)];
      slot = std::max(slot, h);
    }
    by_staff[staff_for(hi)] = std::max(by_staff[staff_for(hi)], hi);
    for (const auto& [n, h] : by_staff) {
      ladder.staff.push_back(n);
      ladder.settings.push_back(h);
    }
  } else {
    const auto analytic_per_unit = static_cast<std::uint32_t>((res.analytic_staff + res.units - 1) / res.units);
    const std::uint32_t kmax = opt.max_per_unit > 0 ? opt.max_per_unit
                                                    : std::max({2 * role.count, role.count + 8, 2 * analytic_per_unit});
    for (std::uint32_t k = 1; k <= kmax; ++k) {
      ladder.settings.push_back(k);
      ladder.staff.push_back(staff_for(k));
    }
  }
  return ladder;
}

// The verdict on each target from a point's replications (the sequential rule of the header):
// met (1), missed (-1) or undecided (0) at the one-sided level alpha.
void judge(StaffPoint& p, const std::vector<std::vector<double>>& values, std::uint32_t n, double alpha,
           const std::vector<StaffTarget>& targets) {
  p.replications = n;
  p.metrics.clear();
  p.verdicts.clear();
  bool undecided = false, missed = false;
  for (std::size_t k = 0; k < targets.size(); ++k) {
    const auto ci = core::confidence_interval(values[k], 0.95);
    p.metrics.push_back(ci);
    double sd = 0;
    for (double v : values[k]) sd += (v - ci.mean) * (v - ci.mean);
    sd = std::sqrt(sd / static_cast<double>(n - 1));
    const double margin = sd > 0 ? one_sided_t(n, alpha) * sd / std::sqrt(static_cast<double>(n)) : 0.0;
    const auto& t = targets[k];
    const double lo = ci.mean - margin, hi = ci.mean + margin;
    int v = 0;
    if (t.at_most) v = hi <= t.value ? 1 : lo > t.value ? -1 : 0;
    else v = lo >= t.value ? 1 : hi < t.value ? -1 : 0;
    p.verdicts.push_back(v);
    undecided |= v == 0;
    missed |= v < 0;
  }
  p.feasible = !undecided && !missed;
}

// The fewest-staff rung that meets every target, assuming more staff never misses a target that
// fewer staff meet: from the analytic start, down (or up) in doubling steps, then bisection.
template <class Feasible>
std::optional<std::size_t> search(std::size_t start, std::size_t rungs, Feasible feasible) {
  std::optional<std::size_t> best;
  if (feasible(start)) {
    best = start;
    std::size_t step = 1;
    std::size_t bad = rungs;  // none known
    while (*best > 0) {
      const std::size_t j = *best > step ? *best - step : 0;
      if (feasible(j)) {
        best = j;
        step *= 2;
      } else {
        bad = j;
        break;
      }
    }
    if (bad != rungs) {
      std::size_t lo = bad, hi = *best;  // !feasible(lo), feasible(hi)
      while (hi - lo > 1) {
        const std::size_t mid = lo + (hi - lo) / 2;
        (feasible(mid) ? hi : lo) = mid;
      }
      best = hi;
    }
  } else {
    std::size_t bad = start, step = 1;
    std::optional<std::size_t> good;
    while (bad + 1 < rungs) {
      const std::size_t j = std::min(rungs - 1, bad + step);
      if (feasible(j)) {
        good = j;
        break;
      }
      bad = j;
      step *= 2;
    }
    if (good) {
      std::size_t lo = bad, hi = *good;
      while (hi - lo > 1) {
        const std::size_t mid = lo + (hi - lo) / 2;
        (feasible(mid) ? hi : lo) = mid;
      }
      best = hi;
    }
  }
  return best;
}

}  // namespace

StaffResult solve_staffing(const io::json& doc, const std::string& file, const StaffOptions& opt) {
  check_options(opt);
  const model::Scenario base = io::load_scenario(doc, file);
  const auto rid = base.find_role(opt.role);
  const std::string role_path = "/staff/" + opt.role;
  if (!rid) {
    std::string known;
    for (const auto& r : base.roles) known += (known.empty() ? "" : ", ") + r.name;
    throw ConfigError(file, role_path, "expected a role of the scenario to staff; roles: " + known);
  }
  const auto& role = base.roles[*rid];
  if (!role.level)
    throw ConfigError(file, role_path,
                      "expected a role placed by a level rule ('level' with 'count' or 'per_households'): govsim staff "
                      "varies that rule, and this role is placed by units' own 'staff' entries");
  StaffResult res;
  res.scenario = base.name;
  res.role = opt.role;
  res.targets = opt.targets;
  res.confidence = opt.confidence;
  res.per_households = role.per_households > 0;
  res.grid = role.grids() && !res.per_households;
  if (!res.per_households && !res.grid && (opt.min_households > 0 || opt.max_households > 0))
    throw Error("staff: --min-households and --max-households apply to a role placed per_households or drawn in grids; '" +
                opt.role + "' is placed by a count per unit (--max-per-unit bounds that search)");
  std::vector<double> unit_hh;  // per pool of the rule: its households (a grid's, for a role drawn in grids)
  std::uint64_t own_hh = 0;     // a grid role's units with their own staff entry: their households
  for (graph::UnitId u = 0; u < base.org.size(); ++u) {
    if (role.grids()) {
      if (role.grid_of[u] == u) {
        unit_hh.push_back(static_cast<double>(role.grid_hh[u]));
      } else if (role.grid_of[u] == graph::kNoUnit && base.org.unit(u).level == *role.level) {
        for (const auto& [r, n] : base.org.unit(u).staff)
          if (r == *rid && n > 0) own_hh += base.org.households_under(u);
      }
    } else if (base.org.unit(u).level == role.pooled_at.value_or(*role.level)) {
      unit_hh.push_back(static_cast<double>(base.org.households_under(u)));
    }
  }
  res.units = unit_hh.size();
  for (double h : unit_hh) res.households += static_cast<std::uint64_t>(h);
  res.households += own_hh;  // their staff count in each point's staff too
  if (unit_hh.empty()) throw ConfigError(file, role_path + "/level", "expected a level with units to staff");

  res.analytic_staff = analytic_staff(base, opt, role, unit_hh, res.per_households);
  const Ladder ladder = build_ladder(res, opt, base, role, unit_hh);
  const std::size_t rungs = ladder.staff.size();

  std::size_t start = 0;
  while (start + 1 < rungs && ladder.staff[start] < res.analytic_staff) ++start;
  res.analytic_setting = ladder.settings[start];

  // Evaluating a rung: the sequential rule of the header.
  const double alpha = (1 - opt.confidence) / static_cast<double>(opt.targets.size());
  std::map<std::size_t, StaffPoint> seen;
  auto evaluate = [&](std::size_t i) -> const StaffPoint& {
    if (auto it = seen.find(i); it != seen.end()) return it->second;
    io::json d = doc;
    d[io::json::json_pointer(role_path + (res.per_households ? "/per_households" : res.grid ? "/grid_households" : "/count"))] =
        res.per_households || res.grid ? io::json(ladder.settings[i]) : io::json(static_cast<std::uint64_t>(ladder.settings[i]));
    StaffPoint p;
    p.setting = ladder.settings[i];
    p.staff = ladder.staff[i];
    p.households_per_worker = static_cast<double>(res.households) / static_cast<double>(std::max<std::uint64_t>(1, p.staff));
    for (std::uint32_t n = opt.initial_reps;; n = std::min(opt.max_reps, 2 * n)) {
      d["run"]["replications"] = n;
      const model::Scenario sc = io::load_scenario(d, file);
      // The staff actually placed (units' own entries may override the rule).
      p.staff = 0;
      for (graph::UnitId u = 0; u < sc.org.size(); ++u)
        for (const auto& [r, count] : sc.org.unit(u).staff)
          if (r == *rid) p.staff += count;
      p.households_per_worker = static_cast<double>(res.households) / static_cast<double>(std::max<std::uint64_t>(1, p.staff));
      model::RunOptions ro;
      ro.threads = opt.threads;
      ro.policy = opt.policy;
      ro.interrupted = opt.interrupted;
      model::RunResult run;
      try {
        run = model::run(sc, ro);
      } catch (const ModelError& e) {  // e.g. units left without the role the policy asks for
        p.failure = e.what();
        p.replications = n;
        p.metrics.assign(opt.targets.size(), core::Interval95{});
        p.verdicts.assign(opt.targets.size(), -1);
        p.feasible = false;
        break;
      }
      res.policy = run.policy;
      std::vector<std::vector<double>> values(opt.targets.size());
      for (const auto& rep : run.replications) {
        const auto ms = rep.metrics(run.names());
        for (std::size_t k = 0; k < opt.targets.size(); ++k) {
          auto it = std::find_if(ms.begin(), ms.end(), [&](const auto& kv) { return kv.first == opt.targets[k].metric; });
          if (it == ms.end()) {
            std::string known;
            for (const auto& kv : ms) known += (known.empty() ? "" : ", ") + kv.first;
            throw Error("staff: target '" + opt.targets[k].text + "' names no metric of the results ('" + opt.targets[k].metric +
                        "'); metrics: " + known);
          }
          values[k].push_back(it->second);
        }
      }
      judge(p, values, n, alpha, opt.targets);
      const bool missed = std::count(p.verdicts.begin(), p.verdicts.end(), -1) > 0;
      const bool undecided = std::count(p.verdicts.begin(), p.verdicts.end(), 0) > 0;
      if (missed || !undecided || n >= opt.max_reps) break;  // decided, or at the cap
    }
    return seen.emplace(i, std::move(p)).first->second;
  };

  // Targets that more staff make harder — a ceiling on cost, a floor on how busy they are — are
  // not searched: the fewest staff meeting the others is where they are easiest, so they are
  // checked there.
  std::vector<bool> capped(opt.targets.size());
  for (std::size_t k = 0; k < opt.targets.size(); ++k) {
    const StaffTarget& t = opt.targets[k];
    const bool cost = t.metric.rfind("cost", 0) == 0, busy = t.metric.rfind("utilisation", 0) == 0;
    capped[k] = (cost && t.at_most) || (busy && !t.at_most);
  }
  auto meets_searched = [&](std::size_t i) {
    const StaffPoint& p = evaluate(i);
    if (!p.failure.empty()) return false;
    for (std::size_t k = 0; k < p.verdicts.size(); ++k)
      if (!capped[k] && p.verdicts[k] != 1) return false;
    return true;
  };
  std::optional<std::size_t> best = search(start, rungs, meets_searched);
  if (best && !evaluate(*best).feasible) {
    std::string which;
    for (std::size_t k = 0; k < opt.targets.size(); ++k)
      if (capped[k] && evaluate(*best).verdicts[k] != 1) which += (which.empty() ? "" : ", ") + opt.targets[k].text;
    res.note = "the fewest staff meeting the other targets (" + std::to_string(evaluate(*best).staff) + ") miss " + which +
               ", which more staff only make harder: no staffing meets every target";
    best.reset();
  }
  if (best) {
    res.best = evaluate(*best);
    if (*best > 0) res.next_fewer = evaluate(*best - 1);
    else res.note = "the fewest staff on the ladder meet every target" +
                    std::string(res.per_households ? " (each unit keeps its minimum of " + std::to_string(role.min_count) + ")" : "");
  } else if (res.note.empty()) {
    res.note = "no staffing on the ladder meets every target: the most staff tried (" + std::to_string(ladder.staff.back()) +
               ") do not; what limits the targets is not this role";
  }
  // The curve: points spread over the ladder.
  if (opt.curve_points == 1) evaluate(0);
  if (opt.curve_points > 1 && rungs > 1)
    for (int k = 0; k < opt.curve_points; ++k)
      evaluate(static_cast<std::size_t>(std::llround(static_cast<double>(k) * static_cast<double>(rungs - 1) / (opt.curve_points - 1))));
  for (const auto& [i, p] : seen) res.points.push_back(p);
  std::sort(res.points.begin(), res.points.end(),
            [](const StaffPoint& a, const StaffPoint& b) { return a.households_per_worker < b.households_per_worker; });
  return res;
}

std::string format(const StaffResult& r) {
  std::ostringstream os;
  auto num = [](double x, int prec = 4) {
    std::ostringstream o;
    o << std::setprecision(prec) << x;
    return o.str();
  };
  os << "staffing '" << r.role << "' in '" << r.scenario << "' under '" << r.policy << "': " << r.units << " units, "
     << r.households << " households; targets";
  for (const auto& t : r.targets) os << " " << t.text;
  os << " (each met with " << num(100 * r.confidence, 3) << "% confidence)\n";
  if (r.analytic_staff > 0)
    os << "analytic start (square-root staffing, beta 1): " << r.analytic_staff << " staff\n\n";
  else
    os << "analytic start: none (the pilot sent this role no work); the search starts from the fewest staff\n\n";
  os << std::right << std::setw(12) << (r.per_households ? "setting" : r.grid ? "grid hh" : "per unit") << std::setw(8) << "staff" << std::setw(11)
     << "hh/worker" << std::setw(6) << "reps";
  for (const auto& t : r.targets) os << "  " << std::setw(28) << t.metric + " [95% CI]";
  os << "  verdict\n";
  for (const auto& p : r.points) {
    os << std::setw(12) << num(p.setting, 5) << std::setw(8) << p.staff << std::setw(11) << num(p.households_per_worker, 5)
       << std::setw(6) << p.replications;
    for (const auto& m : p.metrics) os << "  " << std::setw(28) << (num(m.mean) + " [" + num(m.low) + ", " + num(m.high) + "]");
    std::string v = p.feasible ? "meets" : "misses";
    for (std::size_t k = 0; k < p.verdicts.size(); ++k)
      if (p.verdicts[k] == 0) v = "undecided";
    if (!p.failure.empty()) v = "stopped: " + p.failure;
    const bool is_best = r.best && r.best->staff == p.staff;
    os << "  " << v << (is_best ? "  <- fewest staff" : "") << "\n";
  }
  os << "\n";
  if (r.best)
    os << "answer: " << r.best->staff << " " << r.role << " (" << num(r.best->households_per_worker, 5)
       << " households per worker"
       << (r.per_households ? ", per_households " + num(r.best->setting, 5)
           : r.grid         ? ", grid_households " + num(r.best->setting, 5)
                            : ", " + num(r.best->setting) + " per unit")
       << ")" << (r.next_fewer ? "; " + std::to_string(r.next_fewer->staff) + " do not" : "") << "\n";
  if (!r.note.empty()) os << "note: " << r.note << "\n";
  return os.str();
}

nlohmann::ordered_json to_json(const StaffResult& r) {
  using J = nlohmann::ordered_json;
  auto point = [&](const StaffPoint& p) {
    J o;
    o["setting"] = p.setting;
    o["staff"] = p.staff;
    o["households_per_worker"] = p.households_per_worker;
    o["replications"] = p.replications;
    o["feasible"] = p.feasible;
    if (!p.failure.empty()) o["failure"] = p.failure;
    J ms = J::array();
    for (std::size_t k = 0; k < p.metrics.size(); ++k)
      ms.push_back({{"metric", r.targets[k].metric}, {"mean", p.metrics[k].mean}, {"low", p.metrics[k].low},
                    {"high", p.metrics[k].high}, {"verdict", p.verdicts[k]}});
    o["targets"] = ms;
    return o;
  };
  J j;
  j["scenario"] = r.scenario;
  j["policy"] = r.policy;
  j["role"] = r.role;
  j["rule"] = r.per_households ? "per_households" : r.grid ? "grid_households" : "count";
  j["units"] = r.units;
  j["households"] = r.households;
  j["confidence"] = r.confidence;
  J ts = J::array();
  for (const auto& t : r.targets) ts.push_back({{"text", t.text}, {"metric", t.metric}, {"at_most", t.at_most}, {"value", t.value}});
  j["targets"] = ts;
  j["analytic_staff"] = r.analytic_staff;
  j["best"] = r.best ? point(*r.best) : J(nullptr);
  j["next_fewer"] = r.next_fewer ? point(*r.next_fewer) : J(nullptr);
  J pts = J::array();
  for (const auto& p : r.points) pts.push_back(point(p));
  j["points"] = pts;
  j["note"] = r.note;
  return j;
}

}  // namespace govsim::analysis
