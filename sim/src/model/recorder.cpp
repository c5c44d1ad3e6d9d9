#include "model/recorder.hpp"

#include <sstream>

#include "govsim/error.hpp"

namespace govsim::model {

Recorder::Recorder(const World& world, std::uint32_t replication, bool record_issues, std::uint64_t max_records)
    : world_(world),
      warmup_(world.sc.warmup_hours()),
      horizon_(world.sc.horizon_hours()),
      record_issues_(record_issues),
      max_records_(max_records) {
  const Scenario& sc = world.sc;
  r_.replication = replication;
  r_.window_hours = horizon_ - warmup_;
  first_day_ = std::ceil(warmup_ / core::kHoursPerDay);
  daily_created_.assign(static_cast<std::size_t>(std::max(0.0, std::floor(horizon_ / core::kHoursPerDay) - first_day_)), 0);
  r_.has_sla = sc.sla.has_value();
  r_.has_duties = sc.has_duties();
  r_.has_time_use = sc.has_time_use();
  r_.has_costs = sc.has_costs();
  r_.has_festering = sc.has_festering();
  r_.has_reopen = sc.has_reopen();
  r_.has_referrals = sc.org.link_count(graph::LinkKind::kCoordinates) > 0;
  for (const auto& cat : sc.categories)
    for (const auto& ch : cat.discovery) r_.has_finders |= ch.kind != DiscoveryChannel::Kind::kReport;
  r_.households = static_cast<double>(sc.org.total_households());
  for (const auto& [lvl, role] : world.groups) {
    UtilisationRecord rec;
    rec.role = role;
    rec.level = lvl;
    rec.has_duties = sc.roles[role].duties.any();
    rec.has_visits = sc.roles[role].duties.visits.has_value();
    if (rec.has_visits) rec.door_share = 1 - sc.roles[role].duties.visits->absent_share;
    r_.utilisation.push_back(rec);
  }
  // Working hours in the measured window, once per calendar (not once per pool).
  std::vector<double> window_hours(sc.calendars.size(), -1.0);
  for (const PoolSpec& p : world.pools) {
    auto& rec = r_.utilisation[p.group];
    rec.staff += p.servers;
    double& hours = window_hours[sc.roles[p.role].calendar];
    if (hours < 0) hours = p.calendar->working_hours_between(warmup_, horizon_);
    rec.available_hours += p.servers * hours;
  }
  const std::size_t L = sc.levels.size(), ncat = sc.categories.size();
  r_.resolved_at_level.assign(L, 0);
  r_.created_by_category.assign(ncat, 0);
  r_.meetings_by_type.assign(sc.meetings.size(), 0);
  if (sc.has_participants()) {
    for (const auto& m : sc.meetings) r_.meeting_has_participants.push_back(!m.participants.empty());
    r_.meetings_late_by_type.assign(sc.meetings.size(), 0);
    r_.meetings_not_held_by_type.assign(sc.meetings.size(), 0);
    r_.meeting_late_hours_by_type.assign(sc.meetings.size(), 0.0);
  }
  r_.solved_by_category.assign(ncat, 0);
  r_.resolved_by_category.assign(ncat, 0);
  r_.attempts_at_level.assign(L, 0);
  r_.waited_at_level.assign(L, 0);
  r_.wait_sum_at_level.assign(L, 0.0);
  r_.flow.resize(L, sc.roles.size() + 1, ncat);
  backlog_.assign(L, 0);
}

void Recorder::record(const Issue& is, Outcome outcome, double closed) {
  IssueRecord r;
  r.id = is.v.id;
  r.category = is.v.category;
  r.origin = is.v.origin;
  r.severity = is.severity;
  r.created = is.v.created;
  r.discovered = is.v.discovered;
  r.first_response = is.first_response;
  r.closed = closed;
  r.outcome = outcome;
  r.closed_at = is.v.unit;
  r.attempts = static_cast<std::uint32_t>(is.v.attempts);
  r.escalations = static_cast<std::uint32_t>(is.v.escalations);
  r.reworks = static_cast<std::uint32_t>(is.v.reworks);
  r.satisfaction = is.satisfaction;
  r_.issues.push_back(r);
}

void Recorder::sample(double now) {
  r_.sample_times.push_back(now);
  for (auto b : backlog_) r_.backlog.push_back(static_cast<std::uint32_t>(b));
  r_.backlog.push_back(static_cast<std::uint32_t>(undiscovered_));
}

ReplicationResult Recorder::finish(const Issues& issues, std::uint64_t events, std::uint64_t peak_pending,
                                   const std::string& policy, const std::string& scenario) {
  std::uint64_t live = 0, discovered = 0;
  for (const Issue& is : issues.all()) {
    if (!is.live) continue;
    ++live;
    discovered += is.is_discovered;
    if (is.in_window) ++r_.open_at_end;
  }
  if (record_issues_)
    std::sort(r_.issues.begin(), r_.issues.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  r_.open_all = live;
  // Costs: paid staff's wages over the window, volunteers' hours at their value.
  for (auto& u : r_.utilisation) {
    const CostSpec& c = world_.sc.roles[u.role].cost;
    u.cost = u.staff * c.wage_per_year * r_.window_hours / core::kHoursPerYear + u.busy_hours * c.hour_value;
  }
  r_.issue_slots = issues.size();
  // Daily counts of new issues: variance / mean (1 for Poisson days) and the busiest day / mean.
  if (daily_created_.size() >= 2) {
    core::RunningStats days;
    double peak = 0;
    for (auto d : daily_created_) {
      days.add(d);
      peak = std::max(peak, static_cast<double>(d));
    }
    if (days.mean() > 0) {
      r_.created_daily_dispersion = days.variance() / days.mean();
      r_.created_daily_peak_ratio = peak / days.mean();
    }
  }
  r_.ttr_p50 = ttr_histogram_.quantile(0.50);
  r_.ttr_p90 = ttr_histogram_.quantile(0.90);
  r_.ttr_p95 = ttr_histogram_.quantile(0.95);
  r_.ttr_moved_p50 = ttr_moved_histogram_.quantile(0.50);
  r_.ttr_moved_p90 = ttr_moved_histogram_.quantile(0.90);
  r_.events = events;
  r_.peak_pending_events = peak_pending;
  std::uint64_t in_backlog = 0;
  for (auto b : backlog_) in_backlog += b;
  const auto& r = r_;
  if (r.created_all != r.resolved_all + r.closed_all + r.withdrawn_all + r.open_all || live != live_ ||
      in_backlog != discovered || live - discovered != undiscovered_ ||
      r.created != r.resolved + r.closed_unresolved + r.withdrawn + r.open_at_end) {
    std::ostringstream os;
    os << "policy '" << policy << "': conservation broken in replication " << r.replication << " of '" << scenario
       << "': created " << r.created_all << " != resolved " << r.resolved_all << " + closed " << r.closed_all
       << " + withdrawn " << r.withdrawn_all << " + open " << r.open_all << " (tracked open " << live_
       << ", in backlog " << in_backlog << ", discovered " << discovered << ")";
    throw ModelError(os.str());
  }
  return std::move(r_);
}

}  // namespace govsim::model
