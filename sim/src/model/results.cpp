#include "govsim/model/results.hpp"

#include <algorithm>
#include <string_view>

#include "govsim/core/calendar.hpp"

namespace govsim::model {

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::kOpen: return "open";
    case Outcome::kResolved: return "resolved";
    case Outcome::kClosedUnresolved: return "closed_unresolved";
    case Outcome::kWithdrawn: return "withdrawn";
  }
  return "?";
}

std::vector<std::pair<std::string, double>> ReplicationResult::metrics(const MetricNames& names) const {
  const auto& level_names = names.levels;
  const auto& role_names = names.roles;
  const int grassroots_level = names.grassroots_level;
  std::vector<std::pair<std::string, double>> m;
  auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
  const double c = static_cast<double>(created);
  m.emplace_back("created", c);
  m.emplace_back("resolved", static_cast<double>(resolved));
  m.emplace_back("closed_unresolved", static_cast<double>(closed_unresolved));
  m.emplace_back("withdrawn", static_cast<double>(withdrawn));
  m.emplace_back("open_at_end", static_cast<double>(open_at_end));
  m.emplace_back("created_daily_dispersion", created_daily_dispersion);
  m.emplace_back("created_daily_peak_ratio", created_daily_peak_ratio);
  m.emplace_back("resolution_rate", ratio(static_cast<double>(resolved), c));
  m.emplace_back("withdrawal_rate", ratio(static_cast<double>(withdrawn), c));
  std::uint64_t grassroots = 0;
  for (std::size_t l = 0; l < resolved_at_level.size(); ++l)
    if (static_cast<int>(l) >= grassroots_level) grassroots += resolved_at_level[l];
  m.emplace_back("grassroots_share", ratio(static_cast<double>(grassroots), static_cast<double>(resolved)));
  m.emplace_back("ttr_mean_hours", time_to_resolve.mean());
  m.emplace_back("ttr_p50_hours", ttr_p50);
  m.emplace_back("ttr_p90_hours", ttr_p90);
  m.emplace_back("ttr_p95_hours", ttr_p95);
  m.emplace_back("ttr_moved_mean_hours", time_to_resolve_moved.mean());
  m.emplace_back("ttr_moved_p50_hours", ttr_moved_p50);
  m.emplace_back("ttr_moved_p90_hours", ttr_moved_p90);
  m.emplace_back("first_response_mean_hours", first_response.mean());
  m.emplace_back("immediate", static_cast<double>(immediate));
  m.emplace_back("pending", static_cast<double>(pending));
  m.emplace_back("escalated", static_cast<double>(escalated));
  m.emplace_back("escalations", static_cast<double>(escalations));
  m.emplace_back("reworks", static_cast<double>(reworks));
  m.emplace_back("meetings_held", static_cast<double>(meetings_held));
  m.emplace_back("items_per_meeting", ratio(static_cast<double>(meeting_items), static_cast<double>(meetings_held)));
  m.emplace_back("satisfaction_mean", satisfaction.mean());
  if (has_sla) {
    m.emplace_back("sla_compliance", ratio(static_cast<double>(sla_met), static_cast<double>(resolved)));
    m.emplace_back("sla_warnings", static_cast<double>(sla_warnings));
    m.emplace_back("sla_breaches", static_cast<double>(sla_breaches));
  }
  m.emplace_back("expedited", static_cast<double>(expedited));
  if (has_festering) m.emplace_back("festered", static_cast<double>(festered));
  if (has_reopen) m.emplace_back("reopened", static_cast<double>(reopened));
  m.emplace_back("joint_handlings", static_cast<double>(joint_handlings));
  m.emplace_back("departments_per_joint_handling",
                 ratio(static_cast<double>(departments_summoned), static_cast<double>(joint_handlings)));
  m.emplace_back("dispatched", static_cast<double>(dispatched));
  m.emplace_back("taken_by_volunteers", static_cast<double>(taken_by_volunteers));
  m.emplace_back("offers_declined", static_cast<double>(offers_declined));
  if (has_referrals) {
    m.emplace_back("referrals", static_cast<double>(referrals));
    m.emplace_back("referrals_refused", static_cast<double>(referrals_refused));
    m.emplace_back("handbacks", static_cast<double>(handbacks));
  }
  std::uint64_t attempts = 0, waited = 0;
  double wait_sum = 0;
  for (std::size_t l = 0; l < attempts_at_level.size(); ++l) {
    attempts += attempts_at_level[l];
    waited += waited_at_level[l];
    wait_sum += wait_sum_at_level[l];
  }
  m.emplace_back("attempts", static_cast<double>(attempts));
  m.emplace_back("p_wait", ratio(static_cast<double>(waited), static_cast<double>(attempts)));
  m.emplace_back("mean_wait_hours", ratio(wait_sum, static_cast<double>(attempts)));
  for (std::size_t l = 0; l < level_names.size(); ++l) {
    const std::string& n = level_names[l];
    const double a = static_cast<double>(attempts_at_level[l]);
    m.emplace_back("resolved_at_level." + n, static_cast<double>(resolved_at_level[l]));
    m.emplace_back("attempts_per_hour." + n, ratio(a, window_hours));
    m.emplace_back("p_wait." + n, ratio(static_cast<double>(waited_at_level[l]), a));
    m.emplace_back("mean_wait_hours." + n, ratio(wait_sum_at_level[l], a));
  }
  for (const auto& u : utilisation)
    m.emplace_back("utilisation." + role_names[u.role] + "@" + level_names[u.level], u.utilisation());
  if (has_time_use) {
    for (const auto& u : utilisation) {
      const std::string g = role_names[u.role] + "@" + level_names[u.level];
      for (std::size_t k = 0; k < kWorkKinds; ++k)
        m.emplace_back(std::string("time.") + kWorkNames[k] + "." + g, ratio(u.hours[k], u.available_hours));
      // Idle is what is left; a worker busy all the time leaves rounding noise, not a negative share.
      const double idle = ratio(u.available_hours - u.busy_hours, u.available_hours);
      m.emplace_back("time.idle." + g, idle < 0 && idle > -1e-9 ? 0.0 : idle);
      if (!u.has_visits) continue;
      m.emplace_back("visits." + g, static_cast<double>(u.visits));
      m.emplace_back("door_visits." + g, static_cast<double>(u.visits) * u.door_share);
      m.emplace_back("visit_coverage." + g, ratio(static_cast<double>(u.visits_on_time), u.visits_due));
    }
    for (const auto& u : utilisation)
      if (u.has_duties) {
        const std::string g = role_names[u.role] + "@" + level_names[u.level];
        m.emplace_back("overdue_visits." + g, u.overdue_visits);
        m.emplace_back("overdue_hours." + g, u.overdue_hours);
      }
  }
  if (has_finders)
    for (std::size_t k = 0; k < kFinders; ++k) m.emplace_back(std::string("found_by.") + kFinderNames[k], static_cast<double>(found_by[k]));
  if (has_costs) {
    double cost = 0;
    for (const auto& u : utilisation) {
      cost += u.cost;
      m.emplace_back("cost." + role_names[u.role] + "@" + level_names[u.level], u.cost);
    }
    std::uint64_t solved = 0;
    for (auto s : solved_by_category) solved += s;
    const double years = window_hours / core::kHoursPerYear;
    m.emplace_back("cost_per_year", ratio(cost, years));
    m.emplace_back("cost_per_household_year", ratio(cost, years * households));
    m.emplace_back("cost_per_solved", ratio(cost, static_cast<double>(solved)));
  }
  for (std::size_t k = 0; k < names.meetings.size() && k < meetings_by_type.size(); ++k)
    m.emplace_back("meetings_held." + names.meetings[k], static_cast<double>(meetings_by_type[k]));
  for (std::size_t k = 0; k < names.meetings.size() && k < meeting_has_participants.size(); ++k) {
    if (!meeting_has_participants[k]) continue;
    m.emplace_back("meetings_late." + names.meetings[k], static_cast<double>(meetings_late_by_type[k]));
    m.emplace_back("meetings_not_held." + names.meetings[k], static_cast<double>(meetings_not_held_by_type[k]));
    m.emplace_back("meeting_late_hours." + names.meetings[k],
                   ratio(meeting_late_hours_by_type[k], static_cast<double>(meetings_by_type[k])));
  }
  for (std::size_t k = 0; k < names.categories.size() && k < created_by_category.size(); ++k) {
    const auto c = static_cast<double>(created_by_category[k]), r = static_cast<double>(resolved_by_category[k]);
    m.emplace_back("created." + names.categories[k], c);
    m.emplace_back("resolved." + names.categories[k], r);
    m.emplace_back("resolution_rate." + names.categories[k], ratio(r, c));
    const auto s = static_cast<double>(solved_by_category[k]);
    m.emplace_back("solved." + names.categories[k], s);
    m.emplace_back("solved_per_created." + names.categories[k], ratio(s, c));
  }
  return m;
}

namespace {
// Shares lie in [0, 1]; every other metric (counts, hours, means of them) is >= 0.
bool is_share(std::string_view name) {
  for (std::string_view prefix : {"resolution_rate", "withdrawal_rate", "grassroots_share", "sla_compliance", "p_wait",
                                  "utilisation.", "time.", "visit_coverage.", "satisfaction_mean"})
    if (name.substr(0, prefix.size()) == prefix) return true;
  return false;
}
}  // namespace

std::vector<MetricSummary> aggregate(const std::vector<ReplicationResult>& reps, const MetricNames& names) {
  std::vector<MetricSummary> out;
  if (reps.empty()) return out;
  std::vector<std::vector<std::pair<std::string, double>>> per;
  per.reserve(reps.size());
  for (const auto& r : reps) per.push_back(r.metrics(names));
  for (std::size_t k = 0; k < per.front().size(); ++k) {
    std::vector<double> xs;
    xs.reserve(per.size());
    for (const auto& p : per) xs.push_back(p[k].second);
    // The t-interval of few replications can reach past a metric's range: its ends are clipped to it
    // (the half-width stays the t-interval's).
    auto ci = core::confidence_interval(xs);
    ci.low = std::max(ci.low, 0.0);
    if (is_share(per.front()[k].first)) ci.high = std::min(ci.high, 1.0);
    out.push_back({per.front()[k].first, ci});
  }
  return out;
}

}  // namespace govsim::model
