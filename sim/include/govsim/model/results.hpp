#pragma once
// What one replication measures, and the aggregate over replications (mean with 95% CI).
// "Cohort" figures cover issues created after the warm-up; conservation counts cover all issues.
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "govsim/core/stats.hpp"

namespace govsim::model {

enum class Outcome : std::uint8_t { kOpen, kResolved, kClosedUnresolved, kWithdrawn };
const char* to_string(Outcome o);

/// One row of the optional per-issue table.
struct IssueRecord {
  std::uint64_t id = 0;
  std::uint16_t category = 0;
  std::uint32_t origin = 0;  // leaf unit
  std::uint8_t severity = 0;
  double created = 0, discovered = -1, first_response = -1, closed = -1;
  Outcome outcome = Outcome::kOpen;
  std::uint32_t closed_at = 0;  // unit where it ended (or is, if open)
  std::uint32_t attempts = 0, escalations = 0, reworks = 0;
  double satisfaction = -1;  // the residents' last rating, -1 if not rated
};

/// What staff time goes to (time use): issue attempts, then each duty.
enum class Work : std::uint8_t { kIssues, kVisits, kTravel, kPatrol, kReporting, kSittings, kMeetings };
inline constexpr std::size_t kWorkKinds = 7;
inline constexpr const char* kWorkNames[kWorkKinds] = {"issues", "visits", "travel", "patrol", "reporting", "sittings", "meetings"};

/// How issues are found (DiscoveryChannel::Kind's order).
inline constexpr std::size_t kFinders = 5;
inline constexpr const char* kFinderNames[kFinders] = {"residents", "visits", "patrol", "couriers", "reception"};

/// One (level, role) group of staff pools: its working hours, what they went to, its duties' figures
/// and its cost, over the measured window.
struct UtilisationRecord {
  std::uint16_t role = 0;
  int level = 0;
  std::uint32_t staff = 0;
  double busy_hours = 0, available_hours = 0;  // busy: all work (the sum of `hours`)
  std::array<double, kWorkKinds> hours{};      // per Work kind
  bool has_duties = false, has_visits = false;
  std::uint64_t visits = 0, visits_on_time = 0;  // visits done in the window; of them, within their interval
  double visits_due = 0;                         // visits whose interval ended in the window
  double door_share = 1;                         // of the visits, the expected share at the door (the rest phoned)
  double overdue_visits = 0, overdue_hours = 0;  // duty work behind at the end of the run
  double cost = 0;                               // wages of the window, plus volunteer hours valued
  double utilisation() const { return available_hours > 0 ? busy_hours / available_hours : 0; }
};

/// Where visits go, for the analytic model's routing estimate (govsim analyze). A visit is an issue
/// joining a unit's handling: a staff queue, a meeting's agenda or a joint handling. Counted for
/// events in the measured window. Stations are (level, column): columns are roles, and the last
/// column (`roles`) stands for meetings and joint handlings, which are not staff queues.
struct FlowCounts {
  std::size_t levels = 0, columns = 0;
  std::vector<std::uint64_t> entries;  // per level: an issue's first visit is here
  std::vector<std::uint64_t> moves;    // levels × levels: a visit at level i followed by one at j
  std::vector<std::uint64_t> ends;     // levels × 3: the last visit was at i, then resolved / closed / withdrawn
  std::uint64_t ends_unvisited[3] = {0, 0, 0};  // ended (resolved / closed / withdrawn) without a visit
  std::vector<std::uint64_t> visits, started, waited;  // per station
  std::vector<double> wait_hours, service_hours;       // per station (service in working hours)
  std::size_t categories = 0;
  std::vector<std::uint64_t> started_by_category;      // stations × categories: the mix a station serves

  void resize(std::size_t level_count, std::size_t column_count, std::size_t category_count) {
    levels = level_count;
    columns = column_count;
    categories = category_count;
    started_by_category.assign(levels * columns * categories, 0);
    entries.assign(levels, 0);
    moves.assign(levels * levels, 0);
    ends.assign(levels * 3, 0);
    visits.assign(levels * columns, 0);
    started.assign(levels * columns, 0);
    waited.assign(levels * columns, 0);
    wait_hours.assign(levels * columns, 0.0);
    service_hours.assign(levels * columns, 0.0);
  }
};

/// The scenario's names that metric names are made of.
struct MetricNames {
  const std::vector<std::string>& levels;
  const std::vector<std::string>& roles;
  const std::vector<std::string>& categories;
  const std::vector<std::string>& meetings;
  int grassroots_level = 0;
};

struct ReplicationResult {
  std::uint32_t replication = 0;
  // All issues, warm-up included: created_all == resolved_all + closed_all + withdrawn_all + open_all.
  std::uint64_t created_all = 0, resolved_all = 0, closed_all = 0, withdrawn_all = 0, open_all = 0;
  // The cohort created in [warm-up, horizon).
  std::uint64_t created = 0, resolved = 0, closed_unresolved = 0, withdrawn = 0, open_at_end = 0;
  // Over the whole days of the window: the variance / mean of the issues created a day (1 for
  // Poisson days) and the busiest day over the mean day.
  double created_daily_dispersion = 0, created_daily_peak_ratio = 0;
  std::uint64_t immediate = 0, pending = 0, escalated = 0;  // resolved unmoved on the first attempt / unmoved after more / after moving
  std::vector<std::uint64_t> resolved_at_level;
  FlowCounts flow;  // visits and where they lead (not among the named metrics)
  core::MeanAccumulator time_to_resolve;  // hours, resolved cohort
  double ttr_p50 = 0, ttr_p90 = 0, ttr_p95 = 0;  // hours, from a log-bucketed histogram
  // The same over the issues resolved away from the unit where they arose, or after an escalation
  // (dispatched, referred or escalated: what a hotline's "time to close" of dispatched tickets means).
  core::MeanAccumulator time_to_resolve_moved;
  double ttr_moved_p50 = 0, ttr_moved_p90 = 0;
  core::MeanAccumulator first_response;  // hours from creation to the first attempt
  // Attempts started in the window, per level: count, waits, share that waited.
  std::vector<std::uint64_t> attempts_at_level;
  std::vector<std::uint64_t> waited_at_level;
  std::vector<double> wait_sum_at_level;
  std::vector<std::uint64_t> created_by_category, resolved_by_category;  // the cohort, per category
  // Issues resolved during the window, whenever they were created (what a yearly report counts as
  // "solved this year"), per category.
  std::vector<std::uint64_t> solved_by_category;
  std::uint64_t escalations = 0;
  std::uint64_t reworks = 0;               // resolutions sent back by a low rating
  std::uint64_t meetings_held = 0, meeting_items = 0;  // meetings with items, and the items taken up
  std::vector<std::uint64_t> meetings_by_type;        // meetings held, per meeting type
  // Per meeting type with participants (others: empty figures, left out of the metrics): held
  // after their hour for want of a quorum, not held, and the hours late of those held.
  std::vector<bool> meeting_has_participants;
  std::vector<std::uint64_t> meetings_late_by_type, meetings_not_held_by_type;
  std::vector<double> meeting_late_hours_by_type;
  std::uint64_t joint_handlings = 0, departments_summoned = 0;  // summons, and the department parts they asked
  std::uint64_t dispatched = 0, taken_by_volunteers = 0, offers_declined = 0;  // dispatches to volunteer pools
  bool has_referrals = false;  // the organisation has coordinates links (else the referral metrics are left out)
  std::uint64_t referrals = 0, referrals_refused = 0, handbacks = 0;  // sideways to partners, and back
  bool has_sla = false;  // the scenario has SLA clocks (else the sla_* metrics are left out)
  std::uint64_t sla_met = 0, sla_warnings = 0, sla_breaches = 0;  // scenario SLA clocks (resolved within the limit)
  std::uint64_t expedited = 0;  // issues moved to the front of their queue by a reminder
  std::uint64_t festered = 0;   // issues whose severity grew while undiscovered
  bool has_festering = false;
  std::uint64_t reopened = 0;  // resolutions residents reopened
  bool has_reopen = false;
  core::MeanAccumulator satisfaction;      // final rating of resolved issues (scenarios with evaluation)
  std::vector<UtilisationRecord> utilisation;
  bool has_duties = false, has_costs = false, has_finders = false;  // which of the figures below the scenario makes
  bool has_time_use = false;  // duties or meetings with participants: staff time use is reported
  std::array<std::uint64_t, kFinders> found_by{};  // issues discovered in the window, by who found them
  double households = 0;
  // Backlog samples: times and, per sample, open issues per level then undiscovered ones.
  std::vector<double> sample_times;
  std::vector<std::uint32_t> backlog;  // sample-major, (levels + 1) per sample
  std::uint64_t events = 0;
  std::uint64_t peak_pending_events = 0;  // largest event-queue size seen
  std::uint64_t issue_slots = 0;  // issue records allocated: the peak number open at once
  double window_hours = 0;
  std::vector<IssueRecord> issues;  // only when per-issue output is on

  /// Named scalar figures, in a fixed order (the keys of summary.json's "metrics").
  std::vector<std::pair<std::string, double>> metrics(const MetricNames& names) const;
};

struct MetricSummary {
  std::string name;
  core::Interval95 ci;
};

/// Aggregates replications metric by metric (in replication order, so thread count cannot matter).
std::vector<MetricSummary> aggregate(const std::vector<ReplicationResult>& reps, const MetricNames& names);

}  // namespace govsim::model
