#include "govsim/model/engine.hpp"

#include <algorithm>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <limits>
#include <optional>
#include <sstream>

#include "govsim/core/alias_table.hpp"
#include "govsim/core/event_queue.hpp"
#include "govsim/core/rng.hpp"
#include "govsim/error.hpp"

namespace govsim::model {
namespace {

using core::Priority;
using core::Purpose;
using plugin::Action;
using plugin::ActionKind;

enum EventKind : std::uint32_t {
  kDiscovered, kAttemptDone, kPoolOpen, kSample, kAbandon, kTimer, kMeetingStart, kMeetingEnd,
  kPartDone, kOfferReply, kSla
};
constexpr CategoryId kNoCategory = std::numeric_limits<CategoryId>::max();

constexpr std::uint32_t kNoSlot = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint32_t kNoMeetingInstance = std::numeric_limits<std::uint32_t>::max();
constexpr int kMaxHopsPerDecision = 10'000;
// Memory an open issue holds besides its slot: queue entries, pending events, vector slack.
constexpr std::size_t kBytesPerIssueBesides = 160;
// Decisions on one issue at one instant: beyond this, simulated time is not advancing (a policy
// setting zero-hour timers, or zero-hour attempts retried forever).
constexpr std::uint32_t kMaxDecisionsPerInstant = 10'000;
// A queue entry whose slot has this bit is a part of a joint handling (an index into parts_).
constexpr std::uint32_t kPartBit = 0x8000'0000u;
constexpr std::uint32_t kMaxDepartments = 1000;       // parts of one joint handling
constexpr std::uint32_t kMaxOffersPerIssue = 100'000;  // declined offers of one issue (a re-dispatch loop)
constexpr std::uint32_t kMaxGrabbers = 1024;           // free volunteers who answer one published order

/// A place in a queue: the issue's slot and the token of that particular wait. An issue that left
/// the queue early (withdrawn) changes its token, so its old entry is skipped when reached.
struct QueueEntry {
  std::uint32_t slot, token;
};

/// FIFO that grows by doubling and never shrinks.
class RingQueue {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  void clear() { head_ = size_ = 0; }
  void push(QueueEntry v) {
    if (size_ == buf_.size()) grow();
    buf_[(head_ + size_) & (buf_.size() - 1)] = v;
    ++size_;
  }
  void push_front(QueueEntry v) {
    if (size_ == buf_.size()) grow();
    head_ = (head_ + buf_.size() - 1) & (buf_.size() - 1);
    buf_[head_] = v;
    ++size_;
  }
  QueueEntry pop() {
    const QueueEntry v = buf_[head_];
    head_ = (head_ + 1) & (buf_.size() - 1);
    --size_;
    return v;
  }

 private:
  void grow() {
    std::vector<QueueEntry> next(buf_.empty() ? 8 : buf_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) next[i] = buf_[(head_ + i) & (buf_.size() - 1)];
    buf_.swap(next);
    head_ = 0;
  }
  std::vector<QueueEntry> buf_;
  std::size_t head_ = 0, size_ = 0;
};

// A role pool's hot state (unit, role, servers, busy, waiting) is a plugin::PoolView in
// pool_view_, which policies read; the rest lives here, at the same index.
struct Pool {
  const core::WorkCalendar* calendar;
  bool wake_pending = false;
  std::uint32_t util_index = 0;
  RingQueue queue;
};

// The policy's view is kept inside the record, so a decision point passes a reference, no copy.
// One unit's meetings of one type: its agenda and the items of the meeting under way.
struct MeetingInstance {
  UnitId unit;
  std::uint32_t type;
  RingQueue agenda;
  std::uint32_t waiting = 0;  // live items on the agenda
  bool running = false, scheduled = false;
  std::vector<std::uint32_t> batch;  // issue slots being discussed
};

struct Issue {
  plugin::IssueView v;  // id, category, assessed severity, unit, origin, attempts, created, ...
  double first_response, enqueued, service;
  double satisfaction;  // the residents' accepted rating, -1 if none
  std::uint32_t evaluations;  // ratings so far (keys the rating noise)
  std::uint32_t pool;
  std::uint32_t queue_token;  // 0 when not waiting in a queue
  std::uint32_t waits;        // queues joined so far (keys the patience draws)
  std::uint32_t timer_tag;
  std::uint32_t meeting = kNoMeetingInstance;  // the agenda it waits on, if any
  core::EventId abandon;
  core::EventId timer;  // the policy's timer, if any
  core::EventId sla;    // the scenario SLA clock's next event (warning, then breach)
  double sla_due;       // when the SLA limit runs out
  // Joint handling (summon): parts still out, their count, and whether all were within authority / succeeded.
  std::uint32_t joint_pending, joint_total;
  double joint_service;
  // Dispatch to volunteers: declined offers since the dispatch, and offers made so far (keys the answers).
  std::uint32_t offers, offer_seq;
  std::uint8_t severity;
  bool is_discovered, awaiting_discovery, in_window, last_success, live;
  bool joint_within, joint_success;
  bool dispatching, grab, offer_pending, offer_accepted;  // in a dispatch; an offer awaits the volunteers' answer
  bool parked;          // wait(): holds nothing until its timer
  bool sla_warned;      // the SLA warning has been given; the next SLA event is the breach
  std::int16_t visit_level;  // level of the issue's last visit (FlowCounts), -1 before the first
  double decided_at;          // the instant of the latest policy decision on it
  std::uint32_t decisions_now;  // decisions at that instant
};

/// One department's part of a joint handling.
struct Part {
  std::uint32_t issue;  // slot
  std::uint32_t index;  // which part (keys its service and outcome draws)
  double service;
};

struct ArrivalState {
  core::Xoshiro256pp rng;
  core::Xoshiro256pp dispersion_rng;
  double base_rate = 0;  // per hour over all households, before profiles
  double t = 0, piece_end = 0, rate = 0, inv_rate = 0;
  std::uint64_t key = 0;  // ordering key of the pending arrival at t
  bool pending = false;
  long day = -1;
  double daily = 1;
};

class Engine {
 public:
  Engine(const Scenario& sc, plugin::Policy& policy, std::uint32_t rep, const EngineOptions& opt)
      : sc_(sc), streams_(sc.run.seed, rep), policy_(policy), opt_(opt) {
    horizon_ = sc.horizon_hours();
    warmup_ = sc.warmup_hours();
    result_.replication = rep;
    result_.window_hours = horizon_ - warmup_;
    result_.has_sla = sc.sla.has_value();
    build_tables();
    max_slots_ = opt.memory_budget_bytes / (sizeof(Issue) + kBytesPerIssueBesides);
    max_records_ = opt.record_issues ? opt.memory_budget_bytes / sizeof(IssueRecord) : 0;
    plugin::WorldView w;
    w.now = &now_;
    w.units = level_.size();
    w.categories = sc_.categories.size();
    w.level_count = static_cast<int>(level_names_.size());
    w.level_names = level_names_.data();
    w.level = level_.data();
    w.parent = parent_.data();
    w.authority = authority_.data();
    w.handler = handler_.data();
    w.pool_begin = pool_begin_.data();
    w.pools = pool_view_.data();
    w.summons_begin = summons_begin_.data();
    w.summons = summons_.data();
    w.uniform = &policy_uniform;
    w.uniform_state = &streams_;
    ctx_.emplace(w);
  }

  ReplicationResult run() {
    for (std::size_t c = 0; c < arrivals_.size(); ++c) schedule_next_arrival(static_cast<CategoryId>(c));
    update_next_category();
    for (std::uint32_t m = 0; m < meetings_.size(); ++m) schedule_meeting(m, -1.0);
    if (sc_.run.sample_interval_hours <= horizon_)
      queue_.schedule(sc_.run.sample_interval_hours, Priority::kSample, kSample);
    try {
      core::Event ev;
      for (;;) {
        // Arrivals are kept outside the heap (one pending per category) and merged in by
        // (time, priority, sequence) — the same order the heap would give them.
        double top_time;
        std::uint64_t top_key;
        const bool have_top = queue_.peek(top_time, top_key);
        if (next_cat_ != kNoCategory) {
          const ArrivalState& a = arrivals_[next_cat_];
          if (!have_top || a.t < top_time || (a.t == top_time && a.key < top_key)) {
            now_ = a.t;
            ++result_.events;
            current_ = kNoSlot;
            on_arrival(next_cat_);
            if ((result_.events & 0xFFF) == 0) poll();
            continue;
          }
        }
        if (!have_top) break;
        ev = queue_.pop();
        if (ev.time > horizon_) break;
        now_ = ev.time;
        ++result_.events;
        current_ = kNoSlot;
        switch (ev.kind) {
          case kDiscovered: current_ = ev.a; discover(ev.a); break;
          case kAttemptDone: current_ = ev.a; on_attempt_done(ev.a, ev.b); break;
          case kPoolOpen: pools_[ev.a].wake_pending = false; start_waiting(ev.a); break;
          case kSample: take_sample(); break;
          case kAbandon: current_ = ev.a; on_abandon(ev.a, ev.b); break;
          case kTimer: current_ = ev.a; on_timer(ev.a, ev.b); break;
          case kMeetingStart: start_meeting(ev.a); break;
          case kMeetingEnd: end_meeting(ev.a); break;
          case kPartDone: current_ = parts_[ev.a].issue; on_part_done(ev.a, ev.b); break;
          case kOfferReply: current_ = ev.a; on_offer_reply(ev.a, ev.b); break;
          case kSla: current_ = ev.a; on_sla(ev.a, ev.b); break;
        }
        if ((result_.events & 0xFFF) == 0) poll();
      }
    } catch (const ConfigError&) {
      throw;  // the run's size: not the policy's doing
    } catch (const Interrupted&) {
      throw;
    } catch (const std::bad_alloc&) {
      too_large("memory allocator");
    } catch (const std::exception& e) {
      throw ModelError(where() + e.what());
    } catch (...) {  // e.g. a plugin's `throw 42`: stopped here, never let through to abort the process
      throw ModelError(where() + "an exception that is not a std::exception was thrown (by the policy?)");
    }
    finish_run();
    return std::move(result_);
  }

  // Now and then: progress for the caller, and a stop it asked for.
  void poll() {
    if (opt_.progress) opt_.progress->store(now_ / horizon_, std::memory_order_relaxed);
    if (opt_.stop && opt_.stop->load(std::memory_order_relaxed))
      throw Interrupted("the run of '" + sc_.name + "' was interrupted at day " + std::to_string(now_ / core::kHoursPerDay));
  }

  const Scenario& sc_;
  double now_ = 0;
  std::vector<int> level_;
  std::vector<UnitId> parent_;
  std::vector<int> authority_;
  std::vector<RoleId> handler_;  // unit * categories + category
  std::vector<std::uint32_t> pool_begin_;
  std::vector<Pool> pools_;
  std::vector<plugin::PoolView> pool_view_;
  std::vector<std::uint32_t> summons_begin_;  // per unit + 1: the unit's summons links in summons_
  std::vector<UnitId> summons_;
  std::vector<std::string_view> level_names_;
  core::StreamSet streams_;

  static constexpr std::uint32_t kNoPool = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t find_pool(UnitId unit, RoleId role) const {
    for (std::uint32_t p = pool_begin_[unit]; p < pool_begin_[unit + 1]; ++p)
      if (pool_view_[p].role == role) return p;
    return kNoPool;
  }
  static double policy_uniform(const void* state, std::uint64_t issue, std::uint64_t counter) {
    auto g = static_cast<const core::StreamSet*>(state)->keyed(Purpose::kPolicy, issue, counter);
    return core::uniform01(g);
  }

 private:
  void build_tables() {
    const auto& org = sc_.org;
    const std::size_t n = org.size(), ncat = sc_.categories.size();
    level_.resize(n);
    parent_.resize(n);
    authority_.resize(n);
    handler_.assign(n * ncat, kNoRole);
    pool_begin_.assign(n + 1, 0);
    // Utilisation groups: (level, role), in that order.
    std::vector<std::pair<int, RoleId>> groups;
    for (UnitId u = 0; u < n; ++u)
      for (const auto& [role, count] : org.unit(u).staff) groups.emplace_back(org.unit(u).level, role);
    std::sort(groups.begin(), groups.end());
    groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
    for (const auto& [lvl, role] : groups) {
      UtilisationRecord rec;
      rec.role = role;
      rec.level = lvl;
      result_.utilisation.push_back(rec);
    }
    // Working hours in the measured window, once per calendar (not once per pool).
    std::vector<double> window_hours(sc_.calendars.size(), -1.0);
    for (UnitId u = 0; u < n; ++u) {
      const auto& unit = org.unit(u);
      level_[u] = unit.level;
      parent_[u] = org.parent(u);
      authority_[u] = unit.authority;
      pool_begin_[u] = static_cast<std::uint32_t>(pools_.size());
      for (const auto& [role, count] : unit.staff) {
        const auto& spec = sc_.roles[role];
        Pool p{&sc_.calendars[spec.calendar].calendar, false, 0, {}};
        pool_view_.push_back(plugin::PoolView{u, role, count, 0, 0});
        p.util_index = static_cast<std::uint32_t>(
            std::lower_bound(groups.begin(), groups.end(), std::make_pair(unit.level, role)) - groups.begin());
        auto& rec = result_.utilisation[p.util_index];
        rec.staff += count;
        double& hours = window_hours[spec.calendar];
        if (hours < 0) hours = p.calendar->working_hours_between(warmup_, horizon_);
        rec.available_hours += count * hours;
        pools_.push_back(std::move(p));
        for (std::size_t c = 0; c < ncat; ++c)
          if (spec.handles[c] && handler_[u * ncat + c] == kNoRole) handler_[u * ncat + c] = role;
      }
    }
    pool_begin_[n] = static_cast<std::uint32_t>(pools_.size());
    summons_begin_.assign(n + 1, 0);
    if (org.link_count(graph::LinkKind::kSummons) > 0) {
      for (UnitId u = 0; u < n; ++u) {
        summons_begin_[u] = static_cast<std::uint32_t>(summons_.size());
        for (UnitId d : org.linked(u, graph::LinkKind::kSummons)) summons_.push_back(d);
      }
      summons_begin_[n] = static_cast<std::uint32_t>(summons_.size());
    }

    std::vector<double> weights;
    for (UnitId leaf : org.leaves()) {
      if (org.unit(leaf).households == 0) continue;
      weights.push_back(static_cast<double>(org.unit(leaf).households));
      leaf_ids_.push_back(leaf);
    }
    leaf_table_ = core::AliasTable(weights);
    const double households = static_cast<double>(org.total_households());
    for (std::size_t c = 0; c < ncat; ++c) {
      const auto& cat = sc_.categories[c];
      ArrivalState a{streams_.sequential(Purpose::kArrivals, c), streams_.sequential(Purpose::kDispersion, c)};
      a.base_rate = households * cat.rate_per_household_year / core::kHoursPerYear;
      set_piece(a, cat, 0.0);
      arrivals_.push_back(a);
      std::vector<double> cum;
      double s = 0;
      for (double p : cat.severity) cum.push_back(s += p);
      cum.back() = 1.0;
      severity_cum_.push_back(std::move(cum));
      std::vector<double> ch;
      s = 0;
      for (const auto& d : cat.discovery) ch.push_back(s += d.share);
      ch.back() = 1.0;
      channel_cum_.push_back(std::move(ch));
    }
    const std::size_t L = sc_.levels.size();
    for (const auto& l : sc_.levels) level_names_.push_back(l.name);
    meeting_of_.assign(sc_.meetings.size() * n, kNoMeetingInstance);
    for (std::uint32_t t = 0; t < sc_.meetings.size(); ++t)
      for (UnitId u = 0; u < n; ++u)
        if (level_[u] == sc_.meetings[t].level) {
          meeting_of_[t * n + u] = static_cast<std::uint32_t>(meetings_.size());
          meetings_.push_back(MeetingInstance{u, t, {}, 0, false, false, {}});
        }
    result_.resolved_at_level.assign(L, 0);
    result_.created_by_category.assign(ncat, 0);
    result_.meetings_by_type.assign(sc_.meetings.size(), 0);
    result_.solved_by_category.assign(ncat, 0);
    result_.resolved_by_category.assign(ncat, 0);
    result_.attempts_at_level.assign(L, 0);
    result_.waited_at_level.assign(L, 0);
    result_.wait_sum_at_level.assign(L, 0.0);
    result_.flow.resize(L, sc_.roles.size() + 1);
    backlog_.assign(L, 0);
  }

  // Piecewise-constant arrival rate: a piece is a day, or an hour with an hourly profile.
  void set_piece(ArrivalState& a, const CategorySpec& cat, double t) {
    const long day = core::Calendar::day_index(t);
    if (day != a.day) {
      a.day = day;
      a.daily = 1;
      if (cat.overdispersion > 0) {
        const double k = cat.overdispersion;
        a.daily = boost::random::gamma_distribution<double>(1.0 / k, k)(a.dispersion_rng);
      }
      const auto cid = static_cast<std::size_t>(&cat - sc_.categories.data());
      for (const auto& s : sc_.surges)
        if (s.categories[cid] && day >= s.first_day && day <= s.last_day) a.daily *= s.multiplier;
    }
    double rate = a.base_rate * a.daily * cat.month[sc_.calendar.month_of_day(day)] *
                  cat.weekday[sc_.calendar.weekday_of_day(day)];
    if (cat.hour) {
      const double hour = std::floor(t - day * core::kHoursPerDay);
      a.piece_end = day * core::kHoursPerDay + hour + 1;
      rate *= (*cat.hour)[static_cast<std::size_t>(std::min(hour, 23.0))];
    } else {
      a.piece_end = (day + 1) * core::kHoursPerDay;
    }
    a.rate = rate;
    a.inv_rate = rate > 0 ? 1.0 / rate : 0.0;
  }

  [[gnu::always_inline]] inline void schedule_next_arrival(CategoryId c) {
    ArrivalState& a = arrivals_[c];
    const auto& cat = sc_.categories[c];
    // Inversion of the cumulative rate: one unit exponential per arrival, carried across pieces.
    double e = boost::random::exponential_distribution<double>(1.0)(a.rng);
    a.pending = false;
    for (;;) {
      if (a.t >= horizon_) return;
      if (a.rate > 0) {
        const double dt = e * a.inv_rate;
        if (a.t + dt < a.piece_end) {
          a.t += dt;
          if (a.t > horizon_) return;
          a.key = queue_.reserve_key(Priority::kArrival);
          a.pending = true;
          return;
        }
        e -= a.rate * (a.piece_end - a.t);
      }
      a.t = a.piece_end;
      set_piece(a, cat, a.t);
    }
  }

  std::uint32_t new_slot() {
    if (!free_.empty()) {
      const std::uint32_t s = free_.back();
      free_.pop_back();
      return s;
    }
    if (issues_.size() >= max_slots_) too_large("open issues");
    issues_.emplace_back();
    return static_cast<std::uint32_t>(issues_.size() - 1);
  }

  void update_next_category() {
    next_cat_ = kNoCategory;
    for (std::size_t c = 0; c < arrivals_.size(); ++c) {
      const ArrivalState& a = arrivals_[c];
      if (!a.pending) continue;
      if (next_cat_ == kNoCategory || a.t < arrivals_[next_cat_].t ||
          (a.t == arrivals_[next_cat_].t && a.key < arrivals_[next_cat_].key))
        next_cat_ = static_cast<CategoryId>(c);
    }
  }

  void on_arrival(CategoryId c) {
    schedule_next_arrival(c);
    update_next_category();
    const auto& cat = sc_.categories[c];
    const std::uint32_t slot = new_slot();
    Issue& is = issues_[slot];
    is.v.attempts = is.v.attempts_here = is.v.escalations = 0;
    is.queue_token = 0;
    is.waits = 0;
    is.abandon = core::EventId{};
    is.timer = core::EventId{};
    is.v.waiting = is.v.in_service = false;
    is.v.reworks = 0;
    is.satisfaction = -1;
    is.evaluations = 0;
    is.meeting = kNoMeetingInstance;
    is.sla = core::EventId{};
    is.sla_due = std::numeric_limits<double>::infinity();
    is.joint_pending = is.joint_total = 0;
    is.offers = is.offer_seq = 0;
    is.is_discovered = is.awaiting_discovery = is.last_success = false;
    is.dispatching = is.grab = is.offer_pending = is.offer_accepted = is.parked = is.sla_warned = false;
    is.v.id = next_id_++;
    is.v.category = c;
    is.v.created = now_;
    is.first_response = -1;
    is.visit_level = -1;
    is.decided_at = -1;
    is.decisions_now = 0;
    is.v.discovered = -1;
    is.live = true;
    is.in_window = now_ >= warmup_;
    // Attributes come from a stream keyed by the issue id, so every policy sees the same issue.
    // Draws whose answer is fixed by the scenario (one leaf, one severity, ...) are skipped.
    auto g = streams_.keyed(Purpose::kAttributes, is.v.id, 0);
    std::size_t li = 0;
    if (leaf_ids_.size() > 1) li = leaf_table_.sample(core::uniform01(g));
    is.v.origin = is.v.unit = leaf_ids_[li];
    const auto& sev = severity_cum_[c];
    std::size_t si = 0;
    if (sev.size() > 1)
      si = std::min<std::size_t>(std::upper_bound(sev.begin(), sev.end(), core::uniform01(g)) - sev.begin(), sev.size() - 1);
    is.severity = static_cast<std::uint8_t>(1 + si);
    is.v.assessed_severity = is.severity;
    if (cat.assessment_error > 0) {
      const double u_err = core::uniform01(g), u_dir = core::uniform01(g);
      if (u_err < cat.assessment_error) {
        const int a = is.severity + (u_dir < 0.5 ? -1 : 1);
        is.v.assessed_severity = static_cast<std::uint8_t>(std::clamp(a, 1, static_cast<int>(cat.severity.size())));
      }
    }
    const auto& ch = channel_cum_[c];
    std::size_t k = 0;
    if (ch.size() > 1)
      k = std::min<std::size_t>(std::upper_bound(ch.begin(), ch.end(), core::uniform01(g)) - ch.begin(), ch.size() - 1);
    const double delay = cat.discovery[k].delay.sample(g);  // inline; a deterministic delay draws nothing
    ++result_.created_all;
    if (is.in_window) {
      ++result_.created;
      ++result_.created_by_category[c];
    }
    ++live_;
    if (delay > 0) {
      ++undiscovered_;
      is.awaiting_discovery = true;
      queue_.schedule(now_ + delay, Priority::kDiscovery, kDiscovered, slot);
    } else {
      current_ = slot;
      discover(slot);
    }
  }

  static const plugin::IssueView& view(const Issue& is) { return is.v; }

  void discover(std::uint32_t slot) {
    Issue& is = issues_[slot];
    if (is.awaiting_discovery) {
      is.awaiting_discovery = false;
      --undiscovered_;
    }
    is.is_discovered = true;
    is.v.discovered = now_;
    ++backlog_[level_[is.v.unit]];
    if (sc_.sla) start_sla_clock(slot);
    apply(slot, policy_.on_issue_arrived(view(is), *ctx_));
  }

  void apply(std::uint32_t slot, Action action, bool from_timer = false, bool redispatch = false) {
    bool evaluated = false;  // a resolve() after the residents' rating closes the issue
    if (Issue& is = issues_[slot]; is.decided_at != now_) {
      is.decided_at = now_;
      is.decisions_now = 1;
    } else if (++is.decisions_now > kMaxDecisionsPerInstant) {
      throw ModelError("the policy decided on the issue " + std::to_string(is.decisions_now) +
                       " times at one instant: simulated time is not advancing (a timer of 0 hours set again and "
                       "again, or attempts of 0 hours retried forever?)");
    }
    for (int hops = 0;; ++hops) {
      Issue& is = issues_[slot];
      if (action.timer_tag != 0 && action.kind != ActionKind::kClose && action.kind != ActionKind::kResolve)
        set_timer(slot, action);
      if (hops > kMaxHopsPerDecision)
        throw ModelError("the policy moved the issue " + std::to_string(hops) + " times without handling it (a loop?)");
      switch (action.kind) {
        case ActionKind::kHandle: {
          const std::uint32_t p = action.role == kNoRole ? kNoPool : find_pool(is.v.unit, action.role);
          if (p == kNoPool)
            throw ModelError("the policy asked role '" +
                             (action.role < sc_.roles.size() ? sc_.roles[action.role].name : std::to_string(action.role)) +
                             "' to handle it at unit '" + sc_.org.unit(is.v.unit).name + "', which has no such staff");
          enqueue(slot, p);
          return;
        }
        case ActionKind::kEscalate: {
          const UnitId target = action.target == graph::kNoUnit ? parent_[is.v.unit] : action.target;
          if (target == graph::kNoUnit)
            throw ModelError("the policy escalated from the top unit '" + sc_.org.unit(is.v.unit).name + "', which has no parent");
          if (target >= level_.size() || target == is.v.unit)
            throw ModelError("the policy escalated to an invalid unit id " + std::to_string(target));
          --backlog_[level_[is.v.unit]];
          ++backlog_[level_[target]];
          is.v.unit = target;
          is.v.attempts_here = 0;
          is.last_success = false;  // a resolve needs a successful attempt here
          ++is.v.escalations;
          if (is.in_window) ++result_.escalations;
          action = policy_.on_issue_arrived(view(is), *ctx_);
          continue;
        }
        case ActionKind::kResolve:
          if (!is.last_success) throw ModelError("the policy resolved an issue whose last attempt did not succeed");
          if (sc_.evaluation && !evaluated) {
            evaluated = true;
            const double rating = evaluate(is);
            ++is.evaluations;
            action = policy_.on_evaluation(view(is), rating, *ctx_);
            is.satisfaction = action.kind == ActionKind::kResolve ? rating : -1.0;  // only an accepted rating counts
            if (action.kind == ActionKind::kHandle) {  // sent back for rectification
              ++is.v.reworks;
              if (is.in_window) ++result_.reworks;
            }
            continue;
          }
          close(slot, Outcome::kResolved);
          return;
        case ActionKind::kClose:
          close(slot, Outcome::kClosedUnresolved);
          return;
        case ActionKind::kMeeting: {
          const std::uint32_t m = action.meeting() < sc_.meetings.size()
                                      ? meeting_of_[action.meeting() * level_.size() + is.v.unit]
                                      : kNoMeetingInstance;
          if (m == kNoMeetingInstance)
            throw ModelError("the policy sent the issue to a meeting that unit '" + sc_.org.unit(is.v.unit).name +
                             "' does not hold (meeting type " + std::to_string(action.meeting()) + ")");
          join_agenda(slot, m);
          return;
        }
        case ActionKind::kKeep:
          if (!from_timer || hops > 0) throw ModelError("the policy answered keep() outside a timer, leaving the issue nowhere");
          if (is.parked && !is.timer.valid())
            throw ModelError("the policy answered keep() without a new timer for a parked issue, leaving it nowhere");
          return;
        case ActionKind::kExpedite:
          if (!from_timer || hops > 0) throw ModelError("the policy answered expedite() outside a timer or SLA event");
          if (is.parked && !is.timer.valid())
            throw ModelError("the policy answered expedite() without a new timer for a parked issue, leaving it nowhere");
          expedite(slot);
          return;
        case ActionKind::kWait:
          if (action.timer_tag == 0) throw ModelError("the policy answered wait() without a timer (with_timer), leaving the issue nowhere");
          is.parked = true;
          return;
        case ActionKind::kSummon:
          summon(slot, action);
          return;
        case ActionKind::kDispatch: {
          const std::uint32_t p = action.role == kNoRole ? kNoPool : find_pool(is.v.unit, action.role);
          if (p == kNoPool)
            throw ModelError("the policy dispatched the issue to role '" +
                             (action.role < sc_.roles.size() ? sc_.roles[action.role].name : std::to_string(action.role)) +
                             "' at unit '" + sc_.org.unit(is.v.unit).name + "', which has no such staff");
          if (action.target > static_cast<std::uint32_t>(plugin::DispatchMode::kGrab))
            throw ModelError("the policy dispatched with an unknown mode " + std::to_string(action.target));
          is.dispatching = true;
          is.grab = action.dispatch_mode() == plugin::DispatchMode::kGrab;
          if (!(redispatch && hops == 0)) {  // a new order, not the same one offered again after a decline
            is.offers = 0;
            if (is.in_window) ++result_.dispatched;
          }
          enqueue(slot, p);
          return;
        }
      }
      throw ModelError("the policy returned an unknown action");
    }
  }

  // The residents' rating of a resolution (scenario "evaluation"), from the issue's own keyed stream.
  double evaluate(const Issue& is) const {
    const auto& e = *sc_.evaluation;
    auto g = streams_.keyed(Purpose::kEvaluation, is.v.id, is.evaluations);
    const double noise = e.sd > 0 ? boost::random::normal_distribution<double>(0.0, e.sd)(g) : 0.0;
    const double s = e.base + e.per_day * (now_ - is.v.created) / core::kHoursPerDay +
                     e.per_level_up * (level_[is.v.origin] - level_[is.v.unit]) + e.per_rework * is.v.reworks + noise;
    return std::clamp(s, 0.0, 1.0);
  }

  void set_timer(std::uint32_t slot, const Action& t) {
    Issue& is = issues_[slot];
    const double hours = t.timer_hours;
    if (!(hours >= 0) || !std::isfinite(hours))
      throw ModelError("the policy asked for a timer of " + std::to_string(hours) + " hours");
    double at = now_ + hours;
    if (t.timer_calendar != -1) {
      if (t.timer_calendar < 0 || static_cast<std::size_t>(t.timer_calendar) >= sc_.calendars.size())
        throw ModelError("the policy asked for a timer on a calendar that does not exist");
      at = sc_.calendars[static_cast<std::size_t>(t.timer_calendar)].calendar.add_working_hours(now_, hours);
    }
    queue_.cancel(is.timer);
    is.timer_tag = t.timer_tag;
    is.timer = queue_.schedule_cancellable(at, Priority::kTimer, kTimer, slot, static_cast<std::uint32_t>(is.v.id));
  }

  void on_timer(std::uint32_t slot, std::uint32_t id_bits) {
    Issue& is = issues_[slot];
    if (!is.live || static_cast<std::uint32_t>(is.v.id) != id_bits) return;  // cancelled with its issue
    is.timer = core::EventId{};
    react(slot, policy_.on_timer(view(is), is.timer_tag, *ctx_));
  }

  // The answer to a timer or an SLA event: keep and expedite leave the issue where it is; any other
  // action first takes it out of wherever it waits.
  void react(std::uint32_t slot, const Action& action) {
    if (action.kind != ActionKind::kKeep && action.kind != ActionKind::kExpedite) detach(slot);
    apply(slot, action, true);
  }

  // Takes a waiting or parked issue out of its queue, agenda or pending offer.
  void detach(std::uint32_t slot) {
    Issue& is = issues_[slot];
    if (is.v.in_service)
      throw ModelError("the policy tried to move the issue while an attempt was in progress (a timer may only keep() it then)");
    if (is.parked) {  // its wake-up timer belongs to the park
      queue_.cancel(is.timer);
      is.timer = core::EventId{};
      is.parked = false;
    }
    is.dispatching = false;
    if (!is.v.waiting) return;
    is.queue_token = 0;
    is.v.waiting = false;
    if (is.meeting != kNoMeetingInstance) {  // take it off the agenda
      MeetingInstance& m = meetings_[is.meeting];
      is.meeting = kNoMeetingInstance;
      if (--m.waiting == 0) m.agenda.clear();
    } else if (is.offer_pending) {  // withdraw the order from the volunteer considering it
      is.offer_pending = false;
      --pool_view_[is.pool].busy;
      start_waiting(is.pool);
    } else {  // take it out of its queue
      plugin::PoolView& v = pool_view_[is.pool];
      queue_.cancel(is.abandon);
      if (--v.waiting == 0) pools_[is.pool].queue.clear();
    }
  }

  // A reminder: a queued issue moves to the front of its queue or agenda (a second entry with the
  // same token; whichever is reached first starts it, the other is then stale).
  void expedite(std::uint32_t slot) {
    Issue& is = issues_[slot];
    if (!is.v.waiting || is.offer_pending) return;
    if (is.meeting != kNoMeetingInstance) meetings_[is.meeting].agenda.push_front({slot, is.queue_token});
    else pools_[is.pool].queue.push_front({slot, is.queue_token});
    if (is.in_window) ++result_.expedited;
  }

  // --- SLA clocks (scenario "sla") ---
  void start_sla_clock(std::uint32_t slot) {
    Issue& is = issues_[slot];
    const auto& spec = *sc_.sla;
    const auto& cal = sc_.calendars[spec.calendar].calendar;
    const double limit = spec.limit_hours[is.v.category];
    is.sla_due = cal.add_working_hours(now_, limit);
    is.sla_warned = spec.warning_fraction <= 0;
    const double at = is.sla_warned ? is.sla_due : cal.add_working_hours(now_, spec.warning_fraction * limit);
    is.sla = queue_.schedule_cancellable(at, Priority::kTimer, kSla, slot, static_cast<std::uint32_t>(is.v.id));
  }

  void on_sla(std::uint32_t slot, std::uint32_t id_bits) {
    Issue& is = issues_[slot];
    if (!is.live || static_cast<std::uint32_t>(is.v.id) != id_bits) return;
    is.sla = core::EventId{};
    plugin::SlaEvent event = plugin::SlaEvent::kBreach;
    if (!is.sla_warned) {
      event = plugin::SlaEvent::kWarning;
      is.sla_warned = true;
      if (is.in_window) ++result_.sla_warnings;
      is.sla = queue_.schedule_cancellable(is.sla_due, Priority::kTimer, kSla, slot, id_bits);
    } else if (is.in_window) {
      ++result_.sla_breaches;
    }
    react(slot, policy_.on_sla_event(view(is), event, *ctx_));
  }

  // --- joint handling (summon) ---
  void summon(std::uint32_t slot, const Action& action) {
    Issue& is = issues_[slot];
    const UnitId unit = is.v.unit;
    const std::uint32_t n = action.departments();
    const std::uint32_t linked = summons_begin_[unit + 1] - summons_begin_[unit];
    if (n == 0 || n > kMaxDepartments)
      throw ModelError("the policy summoned " + std::to_string(n) + " departments; expected 1 to " + std::to_string(kMaxDepartments));
    if (linked == 0)
      throw ModelError("the policy summoned departments from unit '" + sc_.org.unit(unit).name + "', which has no summons links");
    // Which linked units take part: a random order from the issue's own stream, cycled when more
    // parts are asked than units are linked.
    pick_.resize(linked);
    for (std::uint32_t i = 0; i < linked; ++i) pick_[i] = summons_[summons_begin_[unit] + i];
    auto g = streams_.keyed(Purpose::kSummons, is.v.id, static_cast<std::uint64_t>(is.v.attempts));
    for (std::uint32_t i = 0; i + 1 < linked && i < n; ++i) {
      const auto j = i + static_cast<std::uint32_t>(core::uniform01(g) * (linked - i));
      std::swap(pick_[i], pick_[std::min(j, linked - 1)]);
    }
    part_pools_.clear();
    const std::size_t ncat = sc_.categories.size();
    for (std::uint32_t k = 0; k < n; ++k) {
      const UnitId d = pick_[k % linked];
      const RoleId role = action.role != kNoRole ? action.role : handler_[d * ncat + is.v.category];
      const std::uint32_t p = role == kNoRole ? kNoPool : find_pool(d, role);
      if (p == kNoPool)
        throw ModelError("the policy summoned unit '" + sc_.org.unit(d).name + "', which has no staff to handle " +
                         (action.role != kNoRole ? "as role '" + sc_.roles[action.role].name + "'"
                                                 : "category '" + sc_.categories[is.v.category].name + "'"));
      part_pools_.push_back(p);
    }
    is.v.in_service = true;
    is.enqueued = now_;
    count_visit(is, sc_.roles.size());
    count_attempt_start(is, sc_.roles.size());
    is.joint_pending = is.joint_total = n;
    is.joint_within = is.joint_success = true;
    is.joint_service = 0;
    if (is.in_window) {
      ++result_.joint_handlings;
      result_.departments_summoned += n;
    }
    for (std::uint32_t k = 0; k < n; ++k) {
      std::uint32_t part;
      if (!free_parts_.empty()) {
        part = free_parts_.back();
        free_parts_.pop_back();
      } else {
        part = static_cast<std::uint32_t>(parts_.size());
        parts_.emplace_back();
      }
      parts_[part] = Part{slot, k, 0.0};
      const std::uint32_t p = part_pools_[k];
      plugin::PoolView& v = pool_view_[p];
      if (v.busy < v.servers && v.waiting == 0 && pools_[p].calendar->is_open(now_)) {
        start_part(part, p);
      } else {
        pools_[p].queue.push({part | kPartBit, 1});
        ++v.waiting;
        ensure_wake(p);
      }
    }
  }

  // Draw keys of part k of the issue's current attempt, apart from those of ordinary attempts.
  static std::uint64_t part_key(const Issue& is, std::uint32_t k) {
    return (1ull << 40) | (static_cast<std::uint64_t>(is.v.attempts) << 12) | k;
  }

  void start_part(std::uint32_t part, std::uint32_t pool) {
    Part& pt = parts_[part];
    const Issue& is = issues_[pt.issue];
    Pool& p = pools_[pool];
    plugin::PoolView& v = pool_view_[pool];
    ++v.busy;
    auto g = streams_.keyed(Purpose::kService, is.v.id, part_key(is, pt.index));
    pt.service = draw_service(v.role, is.v.category, g);
    const double done = p.calendar->add_working_hours(now_, pt.service);
    add_busy_hours(p, done);
    queue_.schedule(done, Priority::kRelease, kPartDone, part, pool);
  }

  void on_part_done(std::uint32_t part, std::uint32_t pool) {
    plugin::PoolView& v = pool_view_[pool];
    --v.busy;
    const Part pt = parts_[part];
    free_parts_.push_back(part);
    Issue& is = issues_[pt.issue];
    const bool within = is.severity <= authority_[v.unit];
    bool success = false;
    if (within) {
      const double ps = sc_.roles[v.role].success_for(is.v.category);
      auto g = streams_.keyed(Purpose::kOutcome, is.v.id, part_key(is, pt.index));
      success = ps >= 1 || core::uniform01(g) < ps;
    }
    is.joint_within = is.joint_within && within;
    is.joint_success = is.joint_success && success;
    is.joint_service = std::max(is.joint_service, pt.service);
    if (v.waiting > 0) start_waiting(pool);
    if (--is.joint_pending > 0) return;
    is.v.in_service = false;
    plugin::AttemptResult r;
    r.success = is.joint_success;
    r.within_authority = is.joint_within;
    r.departments = is.joint_total;
    r.service_hours = is.joint_service;
    is.last_success = r.success;
    apply(pt.issue, policy_.on_attempt_finished(view(is), r, *ctx_));
  }

  // --- dispatch to volunteers ---
  // The order reaches a free volunteer (directed) or every free one (grab). One volunteer is held
  // until the answer: the one offered, or the first to accept.
  void make_offer(std::uint32_t slot, std::uint32_t pool) {
    Issue& is = issues_[slot];
    plugin::PoolView& v = pool_view_[pool];
    const auto& role = sc_.roles[v.role];
    const std::uint32_t asked = is.grab ? std::min(v.servers - v.busy, kMaxGrabbers) : 1;
    ++v.busy;
    auto g = streams_.keyed(Purpose::kAcceptance, is.v.id, is.offer_seq++);
    double first_yes = std::numeric_limits<double>::infinity(), last_no = 0;
    for (std::uint32_t i = 0; i < asked; ++i) {
      const bool yes = role.accept >= 1 || core::uniform01(g) < role.accept;
      const double delay = role.reply_delay.sample(g);
      if (yes) first_yes = std::min(first_yes, delay);
      else last_no = std::max(last_no, delay);
    }
    is.offer_accepted = std::isfinite(first_yes);
    is.offer_pending = true;
    is.pool = pool;
    if (++next_token_ == 0) ++next_token_;
    is.queue_token = next_token_;
    is.v.waiting = true;
    queue_.schedule(now_ + (is.offer_accepted ? first_yes : last_no), Priority::kRelease, kOfferReply, slot, is.queue_token);
  }

  void on_offer_reply(std::uint32_t slot, std::uint32_t token) {
    Issue& is = issues_[slot];
    if (!is.live || is.queue_token != token || !is.offer_pending) return;  // withdrawn meanwhile
    is.queue_token = 0;
    is.v.waiting = false;
    is.offer_pending = false;
    is.dispatching = false;
    const std::uint32_t pool = is.pool;
    plugin::PoolView& v = pool_view_[pool];
    --v.busy;
    if (is.offer_accepted) {
      if (is.in_window) ++result_.taken_by_volunteers;
      start(slot, pool);
      return;
    }
    if (is.in_window) ++result_.offers_declined;
    if (++is.offers > kMaxOffersPerIssue)
      throw ModelError("the issue's order was declined " + std::to_string(is.offers) + " times (a re-dispatch loop?)");
    if (v.waiting > 0) start_waiting(pool);
    apply(slot, policy_.on_dispatch_declined(view(is), is.offers, *ctx_), false, true);
  }

  // An attempt (by staff or a meeting) starts now: attempt counts, first response, waits.
  // The issue joins a unit's handling (a queue, an agenda or a joint handling): routing counts.
  [[gnu::always_inline]] inline void count_visit(Issue& is, std::size_t column) {
    const int lvl = level_[is.v.unit];
    if (now_ >= warmup_) {
      FlowCounts& f = result_.flow;
      if (is.visit_level < 0) ++f.entries[lvl];
      else ++f.moves[static_cast<std::size_t>(is.visit_level) * f.levels + lvl];
      ++f.visits[lvl * f.columns + column];
    }
    is.visit_level = static_cast<std::int16_t>(lvl);
  }

  [[gnu::always_inline]] inline void count_attempt_start(Issue& is, std::size_t column) {
    ++is.v.attempts;
    ++is.v.attempts_here;
    if (is.first_response < 0) {
      is.first_response = now_;
      if (is.in_window) result_.first_response.add(now_ - is.v.created);
    }
    if (now_ >= warmup_) {
      const int lvl = level_[is.v.unit];
      ++result_.attempts_at_level[lvl];
      FlowCounts& f = result_.flow;
      const std::size_t station = lvl * f.columns + column;
      ++f.started[station];
      const double wait = now_ - is.enqueued;
      if (wait > 0) {
        ++result_.waited_at_level[lvl];
        result_.wait_sum_at_level[lvl] += wait;
        ++f.waited[station];
        f.wait_hours[station] += wait;
      }
    }
  }

  // --- meetings ---
  // The first meeting time strictly after t, by the type's calendar rule (-1 for "as items wait").
  double next_meeting_time(const MeetingSpec& spec, double t) const {
    const long day0 = t < 0 ? 0 : core::Calendar::day_index(t);
    if (spec.rule == MeetingSpec::Rule::kWeekly) {
      for (long d = day0;; ++d)
        if (sc_.calendar.weekday_of_day(d) == spec.weekday && d * core::kHoursPerDay + spec.time > t)
          return d * core::kHoursPerDay + spec.time;
    }
    // Monthly or quarterly: walk the months from day0's.
    const std::chrono::year_month_day first(sc_.calendar.date_of_day(day0));
    std::chrono::year_month ym = first.year() / first.month();
    for (int i = 0; i < 16; ++i, ym += std::chrono::months(1)) {
      if (spec.rule == MeetingSpec::Rule::kQuarterly && (static_cast<unsigned>(ym.month()) - 1) % 3 != 0) continue;
      const unsigned last = static_cast<unsigned>((ym / std::chrono::last).day());
      const std::chrono::year_month_day date = ym / std::chrono::day(std::min<unsigned>(spec.day, last));
      const double at = sc_.calendar.day_of(std::chrono::sys_days(date)) * core::kHoursPerDay + spec.time;
      if (at > t) return at;
    }
    return std::numeric_limits<double>::infinity();
  }

  void schedule_meeting(std::uint32_t m, double after) {
    MeetingInstance& mi = meetings_[m];
    const auto& spec = sc_.meetings[mi.type];
    if (spec.rule == MeetingSpec::Rule::kWhenWaiting || mi.scheduled) return;
    const double at = next_meeting_time(spec, after);
    if (at > horizon_) return;
    mi.scheduled = true;
    queue_.schedule(at, Priority::kCalendar, kMeetingStart, m);
  }

  void join_agenda(std::uint32_t slot, std::uint32_t m) {
    Issue& is = issues_[slot];
    MeetingInstance& mi = meetings_[m];
    is.enqueued = now_;
    count_visit(is, sc_.roles.size());
    if (++next_token_ == 0) ++next_token_;
    is.queue_token = next_token_;
    is.meeting = m;
    is.v.waiting = true;
    mi.agenda.push({slot, is.queue_token});
    ++mi.waiting;
    const auto& spec = sc_.meetings[mi.type];
    if (spec.rule == MeetingSpec::Rule::kWhenWaiting && !mi.running && !mi.scheduled && mi.waiting >= spec.when_waiting) {
      mi.scheduled = true;
      queue_.schedule(now_, Priority::kCalendar, kMeetingStart, m);
    }
  }

  void start_meeting(std::uint32_t m) {
    MeetingInstance& mi = meetings_[m];
    const auto& spec = sc_.meetings[mi.type];
    mi.scheduled = false;
    if (mi.running) {  // the previous one is still sitting: this one is skipped
      schedule_meeting(m, now_);
      return;
    }
    // The policy sets the agenda: each item in turn is taken up (keep), or deferred or moved. Items
    // put back on this agenda wait for the next meeting: only the entries present now are looked at,
    // and while the agenda is read (running) a deferral cannot call another meeting at this moment.
    mi.running = true;
    for (std::size_t budget = mi.agenda.size(); budget > 0 && mi.batch.size() < spec.agenda_cap && mi.waiting > 0; --budget) {
      const QueueEntry e = mi.agenda.pop();
      Issue& is = issues_[e.slot];
      if (is.queue_token != e.token) continue;  // left the agenda meanwhile
      current_ = e.slot;
      const Action a = policy_.on_meeting_agenda(view(is), mi.type, *ctx_);
      is.queue_token = 0;
      is.meeting = kNoMeetingInstance;
      is.v.waiting = false;
      --mi.waiting;
      if (a.kind != ActionKind::kKeep) {
        if (a.kind == ActionKind::kExpedite) throw ModelError("the policy answered expedite() for a meeting's agenda");
        apply(e.slot, a);
        continue;
      }
      if (a.timer_tag != 0) set_timer(e.slot, a);
      is.v.in_service = true;
      count_attempt_start(is, sc_.roles.size());
      if (now_ >= warmup_) result_.flow.service_hours[level_[is.v.unit] * result_.flow.columns + sc_.roles.size()] += spec.duration_hours;
      mi.batch.push_back(e.slot);
    }
    current_ = kNoSlot;
    mi.running = false;
    if (mi.waiting == 0) mi.agenda.clear();
    if (!mi.batch.empty()) {
      mi.running = true;
      if (now_ >= warmup_) {
        ++result_.meetings_held;
        ++result_.meetings_by_type[mi.type];
        result_.meeting_items += mi.batch.size();
      }
      queue_.schedule(now_ + spec.duration_hours, Priority::kRelease, kMeetingEnd, m);
    }
    schedule_meeting(m, now_);
  }

  void end_meeting(std::uint32_t m) {
    MeetingInstance& mi = meetings_[m];
    const auto& spec = sc_.meetings[mi.type];
    mi.running = false;
    std::vector<std::uint32_t> batch;
    batch.swap(mi.batch);
    for (std::uint32_t slot : batch) {
      current_ = slot;
      Issue& is = issues_[slot];
      is.v.in_service = false;
      plugin::AttemptResult r;
      r.meeting = mi.type;
      r.service_hours = spec.duration_hours;
      r.within_authority = is.severity <= authority_[is.v.unit];
      if (r.within_authority) {
        auto g = streams_.keyed(Purpose::kOutcome, is.v.id, static_cast<std::uint64_t>(is.v.attempts));
        r.success = spec.success >= 1 || core::uniform01(g) < spec.success;
      }
      is.last_success = r.success;
      apply(slot, policy_.on_attempt_finished(view(is), r, *ctx_));
    }
    current_ = kNoSlot;
    if (spec.rule == MeetingSpec::Rule::kWhenWaiting && mi.waiting >= spec.when_waiting && !mi.scheduled) {
      mi.scheduled = true;
      queue_.schedule(now_, Priority::kCalendar, kMeetingStart, m);
    }
  }

  [[gnu::always_inline]] inline void enqueue(std::uint32_t slot, std::uint32_t pool) {
    Issue& is = issues_[slot];
    Pool& p = pools_[pool];
    plugin::PoolView& v = pool_view_[pool];
    is.pool = pool;
    is.enqueued = now_;
    if (!(is.dispatching && is.offers > 0)) count_visit(is, v.role);  // a re-offered order is the same visit
    if (v.busy < v.servers && v.waiting == 0 && p.calendar->is_open(now_)) {
      if (is.dispatching) make_offer(slot, pool);
      else start(slot, pool);
      return;
    }
    if (++next_token_ == 0) ++next_token_;
    is.queue_token = next_token_;
    is.v.waiting = true;
    p.queue.push({slot, is.queue_token});
    ++v.waiting;
    const auto& patience = sc_.categories[is.v.category].patience;
    if (patience) {
      auto g = streams_.keyed(Purpose::kPatience, is.v.id, is.waits);
      is.abandon = queue_.schedule_cancellable(now_ + patience->sample(g), Priority::kTimer, kAbandon, slot,
                                                is.queue_token);
    }
    ++is.waits;
    ensure_wake(pool);
  }

  // The resident gives up on an issue still waiting in the queue it joined with `token`.
  void on_abandon(std::uint32_t slot, std::uint32_t token) {
    Issue& is = issues_[slot];
    if (!is.live || is.queue_token != token) return;  // started or left meanwhile
    is.queue_token = 0;
    is.v.waiting = false;
    Pool& p = pools_[is.pool];
    plugin::PoolView& v = pool_view_[is.pool];
    if (--v.waiting == 0) p.queue.clear();
    close(slot, Outcome::kWithdrawn);
  }

  void ensure_wake(std::uint32_t pool) {
    Pool& p = pools_[pool];
    plugin::PoolView& v = pool_view_[pool];
    if (p.wake_pending || v.busy >= v.servers || p.calendar->is_open(now_)) return;
    p.wake_pending = true;
    const double wake = p.calendar->next_open(now_);
    if (!(wake > now_)) throw ModelError("the work calendar of a pool is closed at the time it gives as its opening");
    queue_.schedule(wake, Priority::kCalendar, kPoolOpen, pool);
  }

  [[gnu::always_inline]] inline void start_waiting(std::uint32_t pool) {
    Pool& p = pools_[pool];
    plugin::PoolView& v = pool_view_[pool];
    while (v.busy < v.servers && v.waiting > 0) {
      if (!p.calendar->is_open(now_)) {
        ensure_wake(pool);
        return;
      }
      const QueueEntry e = p.queue.pop();
      if (e.slot & kPartBit) {  // a department's part of a joint handling: never leaves early
        --v.waiting;
        start_part(e.slot & ~kPartBit, pool);
        continue;
      }
      Issue& is = issues_[e.slot];
      if (is.queue_token != e.token) continue;  // withdrawn or moved while waiting
      is.queue_token = 0;
      is.v.waiting = false;
      --v.waiting;
      queue_.cancel(is.abandon);
      if (is.dispatching) make_offer(e.slot, pool);
      else start(e.slot, pool);
    }
  }

  // A service time of `role` for `category`; the loader admits only distributions with finite
  // draws, and this keeps any other from reaching the clock.
  template <class Rng>
  [[gnu::always_inline]] inline double draw_service(RoleId role, CategoryId category, Rng& g) const {
    const double s = sc_.roles[role].service_for(category).sample(g);
    if (!(s >= 0) || !std::isfinite(s)) [[unlikely]]
      throw ModelError("role '" + sc_.roles[role].name + "' drew a service time of " + std::to_string(s) + " hours");
    return s;
  }

  [[gnu::always_inline]] inline void start(std::uint32_t slot, std::uint32_t pool) {
    Issue& is = issues_[slot];
    Pool& p = pools_[pool];
    plugin::PoolView& v = pool_view_[pool];
    ++v.busy;
    is.v.in_service = true;
    count_attempt_start(is, v.role);
    auto g = streams_.keyed(Purpose::kService, is.v.id, is.v.attempts);
    is.service = draw_service(v.role, is.v.category, g);
    if (now_ >= warmup_) result_.flow.service_hours[level_[is.v.unit] * result_.flow.columns + v.role] += is.service;
    const double done = p.calendar->add_working_hours(now_, is.service);
    add_busy_hours(p, done);
    queue_.schedule(done, Priority::kRelease, kAttemptDone, slot, pool);
  }

  // Utilisation: the working hours of an attempt from now to `done` that fall in the measured window.
  [[gnu::always_inline]] inline void add_busy_hours(const Pool& p, double done) {
    if (done > warmup_ && now_ < horizon_)
      result_.utilisation[p.util_index].busy_hours +=
          p.calendar->working_hours_between(std::max(now_, warmup_), std::min(done, horizon_));
  }

  void on_attempt_done(std::uint32_t slot, std::uint32_t pool) {
    plugin::PoolView& v = pool_view_[pool];
    --v.busy;
    Issue& is = issues_[slot];
    is.v.in_service = false;
    const auto& role = sc_.roles[v.role];
    plugin::AttemptResult r;
    r.role = v.role;
    r.service_hours = is.service;
    r.within_authority = is.severity <= authority_[is.v.unit];
    if (r.within_authority) {
      const double ps = role.success_for(is.v.category);
      if (ps >= 1) {
        r.success = true;
      } else {
        auto g = streams_.keyed(Purpose::kOutcome, is.v.id, is.v.attempts);
        r.success = core::uniform01(g) < ps;
      }
    }
    is.last_success = r.success;
    if (v.waiting > 0) start_waiting(pool);
    apply(slot, policy_.on_attempt_finished(view(issues_[slot]), r, *ctx_));
  }

  [[gnu::always_inline]] inline void close(std::uint32_t slot, Outcome outcome) {
    Issue& is = issues_[slot];
    queue_.cancel(is.timer);
    if (sc_.sla) queue_.cancel(is.sla);
    --backlog_[level_[is.v.unit]];
    --live_;
    if (outcome == Outcome::kResolved && now_ >= warmup_) ++result_.solved_by_category[is.v.category];
    if (now_ >= warmup_ && outcome != Outcome::kOpen) {
      const std::size_t o = outcome == Outcome::kResolved ? 0 : outcome == Outcome::kClosedUnresolved ? 1 : 2;
      if (is.visit_level < 0) ++result_.flow.ends_unvisited[o];
      else ++result_.flow.ends[static_cast<std::size_t>(is.visit_level) * 3 + o];
    }
    switch (outcome) {
      case Outcome::kResolved: ++result_.resolved_all; break;
      case Outcome::kClosedUnresolved: ++result_.closed_all; break;
      case Outcome::kWithdrawn: ++result_.withdrawn_all; break;
      case Outcome::kOpen: break;
    }
    if (is.in_window) {
      switch (outcome) {
        case Outcome::kResolved: {
          ++result_.resolved;
          ++result_.resolved_at_level[level_[is.v.unit]];
          ++result_.resolved_by_category[is.v.category];
          const double ttr = now_ - is.v.created;
          result_.time_to_resolve.add(ttr);
          ttr_histogram_.add(ttr);
          if (is.satisfaction >= 0) result_.satisfaction.add(is.satisfaction);
          if (sc_.sla && now_ <= is.sla_due) ++result_.sla_met;
          if (is.v.escalations > 0) ++result_.escalated;
          else if (is.v.attempts == 1) ++result_.immediate;
          else ++result_.pending;
          break;
        }
        case Outcome::kClosedUnresolved: ++result_.closed_unresolved; break;
        case Outcome::kWithdrawn: ++result_.withdrawn; break;
        case Outcome::kOpen: break;
      }
    }
    if (opt_.record_issues) record(is, outcome, now_);
    is.live = false;
    free_.push_back(slot);
  }

  void record(const Issue& is, Outcome outcome, double closed) {
    if (result_.issues.size() == result_.issues.capacity() && result_.issues.size() >= max_records_)
      too_large("rows of the per-issue table");
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
    result_.issues.push_back(r);
  }

  void take_sample() {
    result_.sample_times.push_back(now_);
    for (auto b : backlog_) result_.backlog.push_back(static_cast<std::uint32_t>(b));
    result_.backlog.push_back(static_cast<std::uint32_t>(undiscovered_));
    const double next = now_ + sc_.run.sample_interval_hours;
    if (next <= horizon_) queue_.schedule(next, Priority::kSample, kSample);
  }

  void finish_run() {
    std::uint64_t live = 0, discovered = 0;
    for (const Issue& is : issues_) {
      if (!is.live) continue;
      ++live;
      discovered += is.is_discovered;
      if (is.in_window) ++result_.open_at_end;
      if (opt_.record_issues) record(is, Outcome::kOpen, -1);
    }
    if (opt_.record_issues)
      std::sort(result_.issues.begin(), result_.issues.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    result_.open_all = live;
    result_.issue_slots = issues_.size();
    result_.ttr_p50 = ttr_histogram_.quantile(0.50);
    result_.ttr_p90 = ttr_histogram_.quantile(0.90);
    result_.ttr_p95 = ttr_histogram_.quantile(0.95);
    result_.peak_pending_events = queue_.peak_size();
    std::uint64_t in_backlog = 0;
    for (auto b : backlog_) in_backlog += b;
    const auto& r = result_;
    if (r.created_all != r.resolved_all + r.closed_all + r.withdrawn_all + r.open_all || live != live_ ||
        in_backlog != discovered || live - discovered != undiscovered_ ||
        r.created != r.resolved + r.closed_unresolved + r.withdrawn + r.open_at_end) {
      std::ostringstream os;
      os << "policy '" << policy_label() << "': conservation broken in replication " << r.replication << " of '" << sc_.name << "': created "
         << r.created_all << " != resolved " << r.resolved_all << " + closed " << r.closed_all << " + withdrawn "
         << r.withdrawn_all << " + open " << r.open_all << " (tracked open " << live_ << ", in backlog " << in_backlog
         << ", discovered " << discovered << ")";
      throw ModelError(os.str());
    }
  }

  const std::string& policy_label() const { return opt_.policy_label.empty() ? sc_.policy.name : opt_.policy_label; }

  // A replication outgrowing its share of memory: a clear stop, not std::bad_alloc.
  [[noreturn]] void too_large(const char* what) const {
    std::ostringstream os;
    os.precision(3);
    os << "expected a run that fits in memory: replication " << result_.replication << " holds " << issues_.size()
       << " open issues and " << result_.issues.size() << " issue rows at day " << now_ / core::kHoursPerDay
       << ", beyond its share of memory (" << static_cast<double>(opt_.memory_budget_bytes) / (1 << 30) << " GiB; the " << what
       << " filled it); lower the rates or the households, raise staff, record no issues or run fewer threads";
    throw ConfigError(sc_.file, "/demand/categories", os.str());
  }

  std::string where() const {
    std::ostringstream os;
    const long day = core::Calendar::day_index(now_);
    os << "policy '" << policy_label() << "', replication " << result_.replication;
    if (current_ != kNoSlot && current_ < issues_.size()) {
      const Issue& is = issues_[current_];
      os << ", issue " << is.v.id << " (" << sc_.categories[is.v.category].name << ", at '" << sc_.org.unit(is.v.unit).name
         << "')";
    }
    os << ", t=" << now_ << " h (" << core::format_date(sc_.calendar.date_of_day(day)) << "): ";
    return os.str();
  }

  plugin::Policy& policy_;
  EngineOptions opt_;
  std::optional<plugin::Context> ctx_;
  double horizon_ = 0, warmup_ = 0;
  core::EventQueue queue_;
  std::vector<Issue> issues_;
  std::uint64_t max_slots_ = 0, max_records_ = 0;  // memory budget, in issues and issue rows
  std::vector<std::uint32_t> free_;
  std::uint64_t next_id_ = 0;
  std::uint64_t live_ = 0, undiscovered_ = 0;
  std::uint32_t next_token_ = 0;
  std::uint32_t current_ = kNoSlot;
  CategoryId next_cat_ = kNoCategory;
  std::vector<std::int64_t> backlog_;  // discovered open issues per level
  std::vector<UnitId> leaf_ids_;
  core::AliasTable leaf_table_;
  std::vector<ArrivalState> arrivals_;
  std::vector<std::vector<double>> severity_cum_, channel_cum_;
  ReplicationResult result_;
  core::LogHistogram ttr_histogram_;
  std::vector<MeetingInstance> meetings_;
  std::vector<std::uint32_t> meeting_of_;  // type * units + unit -> instance
  std::vector<Part> parts_;
  std::vector<std::uint32_t> free_parts_;
  std::vector<UnitId> pick_;               // scratch: the units a joint handling summons
  std::vector<std::uint32_t> part_pools_;  // scratch: their pools
};

}  // namespace

ReplicationResult run_replication(const Scenario& scenario, plugin::Policy& policy, std::uint32_t replication,
                                  const EngineOptions& options) {
  Engine engine(scenario, policy, replication, options);
  return engine.run();
}

}  // namespace govsim::model
