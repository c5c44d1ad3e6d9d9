#pragma once
// The Recorder: the only writer of a replication's ReplicationResult. Mechanisms tell it what
// happened; it decides what counts. There is one measured window, [warm-up, horizon], read two
// ways, each in one place here:
//   - an event counts if it happens in the window (counts(now)): visits, attempts, waits, busy
//     hours, meetings held, issues solved this year;
//   - an issue's outcome counts if the issue was created in the window (Issue::in_window, set at
//     creation by created()): the cohort's resolution, time to resolve, satisfaction, escalations.
// It also tracks the open issues per level (the backlog) and checks conservation at the end.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "govsim/core/stats.hpp"
#include "govsim/model/results.hpp"
#include "govsim/model/world.hpp"
#include "model/issue.hpp"

namespace govsim::model {

class Recorder {
 public:
  Recorder(const World& world, std::uint32_t replication, bool record_issues, std::uint64_t max_records);

  bool counts(double now) const { return now >= warmup_; }
  double horizon() const { return horizon_; }
  const ReplicationResult& result() const { return r_; }

  // --- the lifecycle ---
  /// A new issue: sets its cohort (in_window).
  void created(Issue& is, double now) {
    is.in_window = counts(now);
    ++r_.created_all;
    if (is.in_window) {
      ++r_.created;
      ++r_.created_by_category[is.v.category];
      const double day = std::floor(now / core::kHoursPerDay) - first_day_;
      if (day >= 0 && day < static_cast<double>(daily_created_.size())) ++daily_created_[static_cast<std::size_t>(day)];
    }
    ++live_;
  }
  void awaiting_discovery() { ++undiscovered_; }
  void discovered(const Issue& is, bool was_awaiting) {
    if (was_awaiting) --undiscovered_;
    ++backlog_[level(is.v.unit)];
  }
  void escalated(const Issue& is, UnitId from, UnitId to) {
    moved(is, from, to);
    if (is.in_window) ++r_.escalations;
  }
  /// The issue moved between units (an escalation, a referral or a hand-back): the backlog follows.
  void moved(const Issue&, UnitId from, UnitId to) {
    --backlog_[level(from)];
    ++backlog_[level(to)];
  }
  /// A referral was asked: taken, or refused.
  void referred(const Issue& is, bool refused) {
    if (!is.in_window) return;
    ++(refused ? r_.referrals_refused : r_.referrals);
  }
  void handed_back(const Issue& is, UnitId from, UnitId to) {
    moved(is, from, to);
    if (is.in_window) ++r_.handbacks;
  }
  /// The issue joins a unit's handling (a queue, an agenda or a joint handling) in `column`.
  void visit(Issue& is, std::size_t column, double now) {
    const int lvl = level(is.v.unit);
    if (counts(now)) {
      FlowCounts& f = r_.flow;
      if (is.visit_level < 0) ++f.entries[lvl];
      else ++f.moves[static_cast<std::size_t>(is.visit_level) * f.levels + lvl];
      ++f.visits[lvl * f.columns + column];
    }
    is.visit_level = static_cast<std::int16_t>(lvl);
  }
  /// An attempt (by staff, a meeting or a joint handling) starts now: counts it on the issue, its
  /// first response and the wait since it joined its handling.
  void attempt_started(Issue& is, std::size_t column, double now) {
    ++is.v.attempts;
    ++is.v.attempts_here;
    if (is.first_response < 0) {
      is.first_response = now;
      if (is.in_window) r_.first_response.add(now - is.v.created);
    }
    if (counts(now)) {
      const int lvl = level(is.v.unit);
      ++r_.attempts_at_level[lvl];
      FlowCounts& f = r_.flow;
      const std::size_t station = lvl * f.columns + column;
      ++f.started[station];
      ++f.started_by_category[station * f.categories + is.v.category];
      const double wait = now - is.enqueued;
      if (wait > 0) {
        ++r_.waited_at_level[lvl];
        r_.wait_sum_at_level[lvl] += wait;
        ++f.waited[station];
        f.wait_hours[station] += wait;
      }
    }
  }
  void service(UnitId unit, std::size_t column, double hours, double now) {
    if (counts(now)) r_.flow.service_hours[level(unit) * r_.flow.columns + column] += hours;
  }
  /// Staff of `pool` busy from now to `done`: the working hours of it in the window.
  void busy(const PoolSpec& pool, double now, double done) { work(pool, Work::kIssues, now, done); }
  /// A staff member of `pool` at `kind` of work from now to `done` (working hours of the window).
  void work(const PoolSpec& pool, Work kind, double now, double done) {
    if (done > warmup_ && now < horizon_) {
      const double h = pool.calendar->working_hours_between(std::max(now, warmup_), std::min(done, horizon_));
      UtilisationRecord& u = r_.utilisation[pool.group];
      u.busy_hours += h;
      u.hours[static_cast<std::size_t>(kind)] += h;
    }
  }
  /// `hours` of `kind` of work by staff of `pool`, all inside the window.
  void work_hours(const PoolSpec& pool, Work kind, double hours) {
    UtilisationRecord& u = r_.utilisation[pool.group];
    u.busy_hours += hours;
    u.hours[static_cast<std::size_t>(kind)] += hours;
  }
  /// `k` staff of `pool` at `kind` of work from t0 to t1 (working hours of the window); returns the hours counted.
  double work_span(const PoolSpec& pool, Work kind, std::uint32_t k, double t0, double t1) {
    if (!(t1 > warmup_ && t0 < horizon_)) return 0;
    const double h = k * pool.calendar->working_hours_between(std::max(t0, warmup_), std::min(t1, horizon_));
    work_hours(pool, kind, h);
    return h;
  }
  /// `hours` already counted as `from` work were `to` work (the travel of visits).
  void move_hours(const PoolSpec& pool, Work from, Work to, double hours) {
    UtilisationRecord& u = r_.utilisation[pool.group];
    u.hours[static_cast<std::size_t>(from)] -= hours;
    u.hours[static_cast<std::size_t>(to)] += hours;
  }
  /// `n` staff members of `pool` sit (a scheduled sitting, or a meeting: `kind`) from now to `done`,
  /// in or out of the work calendar: hours outside it are overtime, added to the hours available.
  void sat(const PoolSpec& pool, double now, double done, Work kind = Work::kSittings, std::uint32_t n = 1) {
    const double t0 = std::max(now, warmup_), t1 = std::min(done, horizon_);
    if (t1 <= t0) return;
    UtilisationRecord& u = r_.utilisation[pool.group];
    const double all = n * (t1 - t0);
    u.busy_hours += all;
    u.hours[static_cast<std::size_t>(kind)] += all;
    u.available_hours += all - n * pool.calendar->working_hours_between(t0, t1);
  }
  /// A member seated at a reception desk (its sitting counted by sat()) worked on an issue from t0
  /// to t1 (within the sitting): those hours are issue work, not sitting.
  void desk_work(const PoolSpec& pool, double t0, double t1) {
    t0 = std::max(t0, warmup_), t1 = std::min(t1, horizon_);
    if (t1 > t0) move_hours(pool, Work::kSittings, Work::kIssues, t1 - t0);
  }
  /// `n` visits by a staff member of `pool` ended now.
  void visits(const PoolSpec& pool, std::uint64_t n, double now) {
    if (counts(now)) r_.utilisation[pool.group].visits += n;
  }
  /// Of the visits whose interval ends in the window, `n` more are done within it.
  void visits_on_time(const PoolSpec& pool, std::uint64_t n) { r_.utilisation[pool.group].visits_on_time += n; }
  /// Duty figures of a pool at the end of the run.
  void duty_end(const PoolSpec& pool, double visits_due, double overdue_visits, double overdue_hours) {
    UtilisationRecord& u = r_.utilisation[pool.group];
    u.visits_due += visits_due;
    u.overdue_visits += overdue_visits;
    u.overdue_hours += overdue_hours;
  }
  /// An issue was discovered now, found by `finder` (DiscoveryChannel::Kind).
  void found(std::size_t finder, double now) {
    if (counts(now)) ++r_.found_by[finder];
  }
  void closed(const Issue& is, Outcome outcome, double now);
  /// Whether one more row fits in the per-issue table's share of memory.
  bool can_record() const { return r_.issues.size() < r_.issues.capacity() || r_.issues.size() < max_records_; }
  void record(const Issue& is, Outcome outcome, double closed);

  // --- the mechanisms' figures (cohort counts unless named otherwise) ---
  void rework(const Issue& is) { if (is.in_window) ++r_.reworks; }
  void expedited(const Issue& is) { if (is.in_window) ++r_.expedited; }
  void festered(const Issue& is) { if (is.in_window) ++r_.festered; }
  void reopened(const Issue& is) { if (is.in_window) ++r_.reopened; }
  void dispatched(const Issue& is) { if (is.in_window) ++r_.dispatched; }
  void taken_by_volunteer(const Issue& is) { if (is.in_window) ++r_.taken_by_volunteers; }
  void offer_declined(const Issue& is) { if (is.in_window) ++r_.offers_declined; }
  void joint_handling(const Issue& is, std::uint32_t departments) {
    if (is.in_window) {
      ++r_.joint_handlings;
      r_.departments_summoned += departments;
    }
  }
  void sla_warning(const Issue& is) { if (is.in_window) ++r_.sla_warnings; }
  void sla_breach(const Issue& is) { if (is.in_window) ++r_.sla_breaches; }
  void sla_met(const Issue& is) { if (is.in_window) ++r_.sla_met; }
  /// A meeting of `type` took up `items` (an event count), `late` hours after its hour.
  void meeting_held(std::uint32_t type, std::size_t items, double now, double late = 0) {
    if (counts(now)) {
      ++r_.meetings_held;
      ++r_.meetings_by_type[type];
      r_.meeting_items += items;
      if (late > 0) {
        ++r_.meetings_late_by_type[type];
        r_.meeting_late_hours_by_type[type] += late;
      }
    }
  }
  /// A meeting of `type` called for its hour was not held: its quorum never came.
  void meeting_not_held(std::uint32_t type, double now) {
    if (counts(now)) ++r_.meetings_not_held_by_type[type];
  }

  /// A backlog sample: open issues per level, then the undiscovered.
  void sample(double now);
  /// Ends the run: open issues, quantiles, and the conservation check (a ModelError naming
  /// `policy` and `scenario` when an issue is unaccounted for).
  ReplicationResult finish(const Issues& issues, std::uint64_t events, std::uint64_t peak_pending,
                           const std::string& policy, const std::string& scenario);

 private:
  int level(UnitId unit) const { return world_.level[unit]; }

  const World& world_;
  double warmup_, horizon_;
  bool record_issues_;
  std::uint64_t max_records_;
  ReplicationResult r_;
  core::LogHistogram ttr_histogram_, ttr_moved_histogram_;
  std::vector<std::int64_t> backlog_;  // discovered open issues per level
  std::vector<std::uint32_t> daily_created_;  // issues created on each whole calendar day of the window
  double first_day_ = 0;                      // the window's first whole calendar day
  std::uint64_t live_ = 0, undiscovered_ = 0;
};

inline void Recorder::closed(const Issue& is, Outcome outcome, double now) {
  const int lvl = level(is.v.unit);
  --backlog_[lvl];
  --live_;
  if (outcome == Outcome::kResolved && counts(now)) ++r_.solved_by_category[is.v.category];
  if (counts(now) && outcome != Outcome::kOpen) {
    const std::size_t o = outcome == Outcome::kResolved ? 0 : outcome == Outcome::kClosedUnresolved ? 1 : 2;
    if (is.visit_level < 0) ++r_.flow.ends_unvisited[o];
    else ++r_.flow.ends[static_cast<std::size_t>(is.visit_level) * 3 + o];
  }
  switch (outcome) {
    case Outcome::kResolved: ++r_.resolved_all; break;
    case Outcome::kClosedUnresolved: ++r_.closed_all; break;
    case Outcome::kWithdrawn: ++r_.withdrawn_all; break;
    case Outcome::kOpen: break;
  }
  if (!is.in_window) return;
  switch (outcome) {
    case Outcome::kResolved: {
      ++r_.resolved;
      ++r_.resolved_at_level[lvl];
      ++r_.resolved_by_category[is.v.category];
      const double ttr = now - is.v.created;
      r_.time_to_resolve.add(ttr);
      ttr_histogram_.add(ttr);
      if (is.v.escalations > 0 || is.v.unit != is.v.origin) {  // settled away from where it arose
        r_.time_to_resolve_moved.add(ttr);
        ttr_moved_histogram_.add(ttr);
      }
      if (is.satisfaction >= 0) r_.satisfaction.add(is.satisfaction);
      if (is.v.escalations > 0) ++r_.escalated;
      else if (is.v.attempts == 1) ++r_.immediate;
      else ++r_.pending;
      break;
    }
    case Outcome::kClosedUnresolved: ++r_.closed_unresolved; break;
    case Outcome::kWithdrawn: ++r_.withdrawn; break;
    case Outcome::kOpen: break;
  }
}

}  // namespace govsim::model
