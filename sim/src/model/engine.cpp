// The engine: wiring and the decision loop. It builds the compiled world, the kernel, the
// Recorder and the mechanisms a scenario needs, then routes each policy answer to the mechanism
// that carries it out. The issue lifecycle it keeps itself: creation, discovery, escalation
// (moving between units), resolution and closing.
#include "govsim/model/engine.hpp"

#include <array>
#include <memory>
#include <optional>
#include <sstream>

#include "model/mechanisms/arrivals.hpp"
#include "model/mechanisms/dispatch.hpp"
#include "model/mechanisms/duties.hpp"
#include "model/mechanisms/evaluation.hpp"
#include "model/mechanisms/festering.hpp"
#include "model/mechanisms/reopening.hpp"
#include "model/mechanisms/joint.hpp"
#include "model/mechanisms/meetings.hpp"
#include "model/mechanisms/sla.hpp"
#include "model/mechanisms/staff_pools.hpp"
#include "model/mechanisms/timers.hpp"

namespace govsim::model {
namespace {

using plugin::Action;
using plugin::ActionKind;

constexpr int kMaxHopsPerDecision = 10'000;
// Memory an open issue holds besides its slot: the mechanisms' side tables, queue entries,
// pending events, vector slack.
constexpr std::size_t kBytesPerIssueBesides = 352;
// Decisions on one issue at one instant: beyond this, simulated time is not advancing (a policy
// setting zero-hour timers, or zero-hour attempts retried forever).
constexpr std::uint32_t kMaxDecisionsPerInstant = 10'000;

class Engine final : public Router, public Issues::Owner {
 public:
  Engine(const Scenario& sc, plugin::Policy& policy, std::uint32_t rep, const EngineOptions& opt)
      : sc_(sc), policy_(policy), opt_(opt), world_(sc), streams_(sc.run.seed, rep),
        issues_(*this, opt.memory_budget_bytes / (sizeof(Issue) + kBytesPerIssueBesides)),
        rec_(world_, rep, opt.record_issues, opt.record_issues ? opt.memory_budget_bytes / sizeof(IssueRecord) : 0),
        env_{sc, world_, sim_, streams_, issues_, rec_, *this} {
    // The mechanisms, in the order their start() schedules (sequence numbers break ties).
    arrivals_ = add(std::make_unique<Arrivals>(env_));
    pools_ = add(std::make_unique<StaffPools>(env_));
    timers_ = add(std::make_unique<Timers>(env_));
    if (sc.has_duties()) arrivals_->set_duties(add(std::make_unique<Duties>(env_, *pools_)));
    if (sc.sla) add(std::make_unique<SlaClocks>(env_, *sc.sla));
    if (sc.evaluation) add(std::make_unique<Evaluation>(env_, *sc.evaluation));
    if (sc.has_festering()) add(std::make_unique<Festering>(env_));
    if (sc.has_reopen()) add(std::make_unique<Reopening>(env_));  // after Evaluation: an accepted resolve may reopen
    if (!sc.meetings.empty()) add(std::make_unique<Meetings>(env_, *timers_, *pools_));
    add(std::make_unique<JointHandling>(env_, *pools_));
    add(std::make_unique<Dispatch>(env_, *pools_));
    sample_ = sim_.add_handler<&Engine::on_sample>(this);
    plugin::WorldView w;
    w.now = sim_.clock();
    w.units = world_.units;
    w.categories = world_.categories;
    w.level_count = static_cast<int>(world_.level_names.size());
    w.level_names = world_.level_names.data();
    w.level = world_.level.data();
    w.parent = world_.parent.data();
    w.authority = world_.authority.data();
    w.handler = world_.handler.data();
    w.pool_begin = world_.pool_begin.data();
    w.pools = pools_->views();
    w.summons_begin = world_.summons_begin.data();
    w.summons = world_.summons.data();
    w.coordinates_begin = world_.coordinates_begin.data();
    w.coordinates = world_.coordinates.data();
    w.uniform = [](const void* streams, std::uint64_t issue, std::uint64_t counter) {
      auto g = static_cast<const core::StreamSet*>(streams)->keyed(Purpose::kPolicy, issue, counter);
      return core::uniform01(g);
    };
    w.uniform_state = &streams_;
    w.roles = world_.sc.roles.size();
    w.serving_pool = world_.serving.data();
    ctx_.emplace(w);
  }

  ReplicationResult run() {
    for (auto& m : mechanisms_) m->start();
    if (sc_.run.sample_interval_hours <= rec_.horizon()) sim_.schedule(sc_.run.sample_interval_hours, order::kSample, sample_);
    Source source{*this};
    sim_.run(rec_.horizon(), source, *this);
    for (auto& m : mechanisms_) m->finish();
    for (const Issue& is : issues_.all())
      if (is.live && opt_.record_issues) record(is, Outcome::kOpen, -1);
    return rec_.finish(issues_, sim_.events(), sim_.peak_pending(), policy_label(), sc_.name);
  }

  // --- the kernel's hooks ---
  void poll() {  // now and then: progress for the caller, and a stop it asked for
    if (opt_.progress) opt_.progress->store(sim_.now() / rec_.horizon(), std::memory_order_relaxed);
    if (opt_.stop && opt_.stop->load(std::memory_order_relaxed))
      throw Interrupted("the run of '" + sc_.name + "' was interrupted at day " + std::to_string(sim_.now() / core::kHoursPerDay));
  }
  std::string where() const {
    std::ostringstream os;
    const double now = sim_.now();
    os << "policy '" << policy_label() << "', replication " << rec_.result().replication;
    if (const std::uint32_t slot = issues_.current(); slot != kNoSlot && slot < issues_.size()) {
      const Issue& is = issues_[slot];
      os << ", issue " << is.v.id << " (" << sc_.categories[is.v.category].name << ", at '" << world_.unit_name(is.v.unit) << "')";
    }
    os << ", t=" << now << " h (" << core::format_date(sc_.calendar.date_of_day(core::Calendar::day_index(now))) << "): ";
    return os.str();
  }
  // A replication outgrowing its share of memory: a clear stop, not std::bad_alloc.
  [[noreturn]] void out_of_memory() const { too_large("memory allocator"); }

  // The kernel's source: arrivals, each discovered at once unless its discovery is delayed.
  struct Source {
    Engine& e;
    bool pending(double& time, std::uint64_t& key) const { return e.arrivals_->pending(time, key); }
    void fire() {
      if (const std::uint32_t slot = e.arrivals_->fire(); slot != kNoSlot) e.discover(slot);
    }
  };
  // --- the issue table's owner ---
  void grown(std::size_t capacity) override {
    for (auto& m : mechanisms_) m->reserve(capacity);
  }
  [[noreturn]] void full() override { too_large("open issues"); }

  // --- Router: the policy's decision points ---
  void discovered(std::uint32_t slot) override { discover(slot); }
  [[gnu::always_inline]] void discover(std::uint32_t slot) {
    Issue& is = issues_[slot];
    const bool awaited = is.awaiting_discovery;
    is.awaiting_discovery = false;
    is.is_discovered = true;
    is.v.discovered = sim_.now();
    rec_.discovered(is, awaited);
    for (Mechanism* m : on_discovered_) m->on_discovered(slot);
    apply(slot, policy_.on_issue_arrived(is.v, *ctx_), {});
  }
  void attempt_finished(std::uint32_t slot, const plugin::AttemptResult& r) override {
    apply(slot, policy_.on_attempt_finished(issues_[slot].v, r, *ctx_), {});
  }
  void timer_fired(std::uint32_t slot, std::uint32_t tag) override { react(slot, policy_.on_timer(issues_[slot].v, tag, *ctx_)); }
  void sla_event(std::uint32_t slot, plugin::SlaEvent e) override { react(slot, policy_.on_sla_event(issues_[slot].v, e, *ctx_)); }
  void dispatch_declined(std::uint32_t slot, std::uint32_t offers) override {
    apply(slot, policy_.on_dispatch_declined(issues_[slot].v, offers, *ctx_), Decision{false, true});
  }
  Action agenda_item(std::uint32_t slot, std::uint32_t meeting) override {
    return policy_.on_meeting_agenda(issues_[slot].v, meeting, *ctx_);
  }
  Action evaluated(std::uint32_t slot, double rating) override { return policy_.on_evaluation(issues_[slot].v, rating, *ctx_); }
  void reopened(std::uint32_t slot) override { apply(slot, policy_.on_reopen(issues_[slot].v, *ctx_), {}); }
  void carry_out(std::uint32_t slot, const Action& action) override { apply(slot, action, {}); }
  void expedite(std::uint32_t slot) override {
    const Issue& is = issues_[slot];
    if (is.v.waiting) mechanisms_[is.holder]->expedite(slot);
  }
  void close(std::uint32_t slot, Outcome outcome) override { end(slot, outcome); }

 private:
  [[gnu::always_inline]] void end(std::uint32_t slot, Outcome outcome) {
    const Issue& is = issues_[slot];
    timers_->closed(slot);
    for (Mechanism* m : on_closed_) m->on_closed(slot, outcome);
    rec_.closed(is, outcome, sim_.now());
    if (opt_.record_issues) record(is, outcome, sim_.now());
    policy_.on_closed(is.v);
    issues_.free_slot(slot);
  }

  template <class M>
  M* add(std::unique_ptr<M> m) {
    M* raw = m.get();
    raw->set_id(static_cast<std::uint8_t>(mechanisms_.size()));
    for (ActionKind k : raw->actions()) by_kind_[static_cast<std::size_t>(k)] = raw;
    const unsigned h = raw->hooks();
    if (h & Mechanism::kOnDiscovered) on_discovered_.push_back(raw);
    if (h & Mechanism::kOnClosed) on_closed_.push_back(raw);
    if (h & Mechanism::kOnMoved) on_moved_.push_back(raw);
    if (h & Mechanism::kGateResolve) gates_.push_back(raw);
    mechanisms_.push_back(std::move(m));
    return raw;
  }

  // Carries out the policy's answer; answers that move the issue between units or close it are the
  // engine's, the rest go to the mechanism registered for them.
  void apply(std::uint32_t slot, Action action, Decision d) {
    if (Issue& is = issues_[slot]; is.decided_at != sim_.now()) {
      is.decided_at = sim_.now();
      is.decisions_now = 1;
    } else if (++is.decisions_now > kMaxDecisionsPerInstant) {
      throw ModelError("the policy decided on the issue " + std::to_string(is.decisions_now) +
                       " times at one instant: simulated time is not advancing (a timer of 0 hours set again and "
                       "again, or attempts of 0 hours retried forever?)");
    }
    for (d.hops = 0;; ++d.hops) {
      Issue& is = issues_[slot];
      if (action.timer_tag != 0 && action.kind != ActionKind::kClose && action.kind != ActionKind::kResolve)
        timers_->set(slot, action);
      if (d.hops > kMaxHopsPerDecision)
        throw ModelError("the policy moved the issue " + std::to_string(d.hops) + " times without handling it (a loop?)");
      switch (action.kind) {
        case ActionKind::kEscalate: {
          const UnitId from = is.v.unit, to = action.target == graph::kNoUnit ? world_.parent[from] : action.target;
          if (to == graph::kNoUnit)
            throw ModelError("the policy escalated from the top unit '" + world_.unit_name(from) + "', which has no parent");
          if (to >= world_.units || to == from) throw ModelError("the policy escalated to an invalid unit id " + std::to_string(to));
          move_to(is, to, graph::kNoUnit);  // escalating from a partner leaves the referral
          ++is.v.escalations;
          rec_.escalated(is, from, to);
          action = policy_.on_issue_arrived(is.v, *ctx_);
          continue;
        }
        case ActionKind::kRefer:
          action = refer(slot, action.target);
          continue;
        case ActionKind::kResolve:
          if (!is.last_success) throw ModelError("the policy resolved an issue whose last attempt did not succeed");
          if (gated(slot, d, action)) {
            if (d.dormant) {  // resolved for now, to be reopened: no timer runs meanwhile
              timers_->closed(slot);
              return;
            }
            continue;
          }
          end(slot, Outcome::kResolved);
          return;
        case ActionKind::kClose:
          end(slot, Outcome::kClosedUnresolved);
          return;
        case ActionKind::kPassOn:
          if (is.v.referred_from != graph::kNoUnit) {  // at a partner: handed back to the referring unit
            const UnitId from = is.v.unit, to = is.v.referred_from;
            move_to(is, to, graph::kNoUnit);
            rec_.handed_back(is, from, to);
            action = policy_.on_handback(is.v, *ctx_);
            continue;
          }
          // Outside a process (or after a process's last stage here): the unit above, else close.
          action = world_.parent[is.v.unit] == graph::kNoUnit ? Action::close() : Action::escalate();
          continue;
        default:
          mechanism_for(slot, action).carry_out(slot, action, d);
          return;
      }
    }
  }
  // The issue is at `to` now (an escalation, a referral or a hand-back; `referred_from`: the unit
  // that referred it, while at a partner): it starts afresh there, and a resolve needs a successful
  // attempt at the new unit.
  static void move_to(Issue& is, UnitId to, UnitId referred_from) {
    is.v.unit = to;
    is.v.referred_from = referred_from;
    is.v.attempts_here = 0;
    is.last_success = false;
  }

  // A referral along a coordinates link: to `target`, or to the linked unit that takes the
  // category by jurisdiction. Refused (the partner's `refuses` share, or nobody to take it): the
  // policy decides again at the unit; taken: the partner decides.
  Action refer(std::uint32_t slot, UnitId target) {
    Issue& is = issues_[slot];
    const UnitId from = is.v.unit;
    if (is.v.referred_from != graph::kNoUnit)
      throw ModelError("the policy referred the issue on from '" + world_.unit_name(from) + "', a partner it was referred to "
                       "(a partner hands it back with pass_on, or escalates it)");
    const UnitId* linked = world_.coordinates.data() + world_.coordinates_begin[from];
    const std::size_t n = world_.coordinates_begin[from + 1] - world_.coordinates_begin[from];
    UnitId to = graph::kNoUnit;
    if (target != graph::kNoUnit) {
      if (std::find(linked, linked + n, target) == linked + n)
        throw ModelError("the policy referred the issue from '" + world_.unit_name(from) + "' to " +
                         (target < world_.units ? "'" + world_.unit_name(target) + "'" : "unit id " + std::to_string(target)) +
                         ", which it has no coordinates link to");
      to = target;
    } else {
      takers_.clear();
      sc_.takers(linked, n, is.v.category, takers_);
      if (!takers_.empty()) to = takers_.front();
    }
    const std::uint32_t k = static_cast<std::uint32_t>(is.v.referrals++);
    bool refused = to == graph::kNoUnit;
    if (!refused) {
      const double share = sc_.refuses(to);
      if (share > 0) {
        auto g = streams_.keyed(Purpose::kReferral, is.v.id, k);
        refused = share >= 1 || core::uniform01(g) < share;
      }
    }
    rec_.referred(is, refused);
    if (refused) return policy_.on_reject(is.v, *ctx_);
    move_to(is, to, from);
    rec_.moved(is, from, to);
    return policy_.on_issue_arrived(is.v, *ctx_);
  }

  bool gated(std::uint32_t slot, Decision& d, Action& action) {
    for (Mechanism* m : gates_)
      if (m->gate_resolve(slot, d, action)) return true;
    return false;
  }
  Mechanism& mechanism_for(std::uint32_t slot, const Action& action) {
    const auto k = static_cast<std::size_t>(action.kind);
    if (k < by_kind_.size() && by_kind_[k]) return *by_kind_[k];
    if (action.kind == ActionKind::kMeeting) throw ModelError(meeting_refusal(world_, issues_[slot].v.unit, action.meeting()));
    throw ModelError("the policy returned an unknown action");
  }

  // The answer to a timer or an SLA event: keep and expedite leave the issue where it is; any other
  // action first takes it out of wherever it waits (a queue, an agenda, an offer, a park).
  void react(std::uint32_t slot, const Action& action) {
    if (action.kind != ActionKind::kKeep && action.kind != ActionKind::kExpedite) {
      Issue& is = issues_[slot];
      if (is.v.in_service)
        throw ModelError("the policy tried to move the issue while an attempt was in progress (a timer may only keep() it then)");
      for (Mechanism* m : on_moved_) m->on_moved(slot);
      if (is.v.waiting) {
        Issues::end_wait(is);
        mechanisms_[is.holder]->release(slot);
      }
    }
    apply(slot, action, Decision{true, false});
  }

  void record(const Issue& is, Outcome outcome, double closed) {
    if (!rec_.can_record()) too_large("rows of the per-issue table");
    rec_.record(is, outcome, closed);
  }
  void on_sample(const core::Event&) {
    issues_.focus(kNoSlot);
    rec_.sample(sim_.now());
    const double next = sim_.now() + sc_.run.sample_interval_hours;
    if (next <= rec_.horizon()) sim_.schedule(next, order::kSample, sample_);
  }
  const std::string& policy_label() const { return opt_.policy_label.empty() ? sc_.policy.name : opt_.policy_label; }
  [[noreturn]] void too_large(const char* what) const {
    std::ostringstream os;
    os.precision(3);
    os << "expected a run that fits in memory: replication " << rec_.result().replication << " holds " << issues_.size()
       << " open issues and " << rec_.result().issues.size() << " issue rows at day " << sim_.now() / core::kHoursPerDay
       << ", beyond its share of memory (" << static_cast<double>(opt_.memory_budget_bytes) / (1 << 30) << " GiB; the " << what
       << " filled it); lower the rates or the households, raise staff, record no issues or run fewer threads";
    throw ConfigError(sc_.file, "/demand/categories", os.str());
  }

  const Scenario& sc_;
  plugin::Policy& policy_;
  EngineOptions opt_;
  World world_;
  core::Simulator sim_;
  core::StreamSet streams_;
  Issues issues_;
  Recorder rec_;
  Env env_;
  std::optional<plugin::Context> ctx_;
  std::vector<std::unique_ptr<Mechanism>> mechanisms_;
  std::array<Mechanism*, 16> by_kind_{};
  std::vector<Mechanism*> on_discovered_, on_closed_, on_moved_, gates_;
  std::vector<UnitId> takers_;  // scratch: a referral's possible partners
  Arrivals* arrivals_;
  StaffPools* pools_;
  Timers* timers_;
  std::uint32_t sample_;
};

}  // namespace

ReplicationResult run_replication(const Scenario& scenario, plugin::Policy& policy, std::uint32_t replication,
                                  const EngineOptions& options) {
  Engine engine(scenario, policy, replication, options);
  return engine.run();
}

}  // namespace govsim::model
