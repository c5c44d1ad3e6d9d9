#pragma once
// What every mechanism implements, and what it may use. A mechanism (staff pools, timers, SLA
// clocks, evaluation, meetings, joint handling, volunteer dispatch, arrivals) is one module under
// model/mechanisms/ that owns its events, its per-issue state (a side table indexed by the issue's
// slot) and its part of the policy's answers. It reaches the rest of the engine only through Env:
// the compiled world, the kernel, the random streams, the issue table, the Recorder and the Router
// (the engine's decision loop, which asks the policy and routes its answer to the mechanism that
// carries it out). docs/architecture.md walks through adding one.
#include <cstdint>
#include <vector>

#include "govsim/core/rng.hpp"
#include "govsim/core/simulator.hpp"
#include "govsim/model/world.hpp"
#include "govsim/plugin/policy.hpp"
#include "model/issue.hpp"
#include "model/recorder.hpp"

namespace govsim::model {

/// What each random stream is used for; each purpose gets statistically independent numbers.
/// The values are part of the results: never renumber one.
enum class Purpose : std::uint32_t {
  kArrivals = 1,    // arrival times, per category
  kAttributes = 2,  // where an issue arises, its severity, discovery channel and delay
  kService = 3,     // service durations, per issue and attempt
  kOutcome = 4,     // attempt success, per issue and attempt
  kEvaluation = 5,  // resident evaluations
  kPolicy = 6,      // a policy's own random choices
  kDispersion = 7,  // daily over-dispersion multipliers, per category
  kPatience = 8,    // how long a resident waits in a queue before withdrawing, per issue and wait
  kSummons = 9,     // which departments a joint handling summons, per issue and attempt
  kAcceptance = 10, // volunteers' answers to dispatched orders (accept or not, reply delay), per issue and offer
  kReferral = 11,   // whether a partner refuses a referral, per issue and referral
  kReopen = 12,     // whether and when residents reopen a resolution, per issue and resolution
};

/// Same-time order of events: lower runs first, so a release (attempt done) frees staff before new
/// work seizes them. Among equals, the order they were scheduled in.
namespace order {
inline constexpr core::Priority kRelease{0};
inline constexpr core::Priority kCalendar{1};   // pools opening, meetings starting
inline constexpr core::Priority kArrival{2};
inline constexpr core::Priority kDiscovery{3};
inline constexpr core::Priority kTimer{4};      // policy timers, SLA clocks, patience
inline constexpr core::Priority kSample{5};
}  // namespace order

/// How the current policy answer came about, for the mechanisms that allow an answer only in
/// some situations (keep and expedite answer a timer; a declined order re-dispatched is the same order).
struct Decision {
  bool from_timer = false;  // the answer to a timer or SLA event
  bool redispatch = false;  // the answer to a declined offer
  int hops = 0;             // answers carried out in this decision before this one
  bool evaluated = false;   // a resolve() was already rated in this decision
  bool reopen_drawn = false;  // a resolve() was already given its chance to be reopened
  bool dormant = false;     // a gate put the issue to sleep: nothing more to carry out now
};

/// The engine as a mechanism sees it: the policy's decision points, routed. Each asks the policy
/// and carries out its answer (or returns it, where the mechanism decides what follows).
class Router {
 public:
  virtual ~Router() = default;
  virtual void attempt_finished(std::uint32_t slot, const plugin::AttemptResult& result) = 0;
  virtual void timer_fired(std::uint32_t slot, std::uint32_t tag) = 0;
  virtual void sla_event(std::uint32_t slot, plugin::SlaEvent event) = 0;
  virtual void dispatch_declined(std::uint32_t slot, std::uint32_t offers) = 0;
  virtual plugin::Action agenda_item(std::uint32_t slot, std::uint32_t meeting) = 0;
  virtual plugin::Action evaluated(std::uint32_t slot, double satisfaction) = 0;
  /// A resolved issue was reopened: the policy decides and its answer is carried out.
  virtual void reopened(std::uint32_t slot) = 0;
  /// A reminder: a waiting issue moves to the front of its queue or agenda (else nothing).
  virtual void expedite(std::uint32_t slot) = 0;
  /// Carries out an answer the mechanism got (e.g. an agenda answer other than keep).
  virtual void carry_out(std::uint32_t slot, const plugin::Action& action) = 0;
  /// The issue is discovered now: it reaches the policy.
  virtual void discovered(std::uint32_t slot) = 0;
  /// Closes the issue (e.g. withdrawn by its residents).
  virtual void close(std::uint32_t slot, Outcome outcome) = 0;
};

struct Env {
  const Scenario& sc;
  const World& world;
  core::Simulator& sim;
  const core::StreamSet& streams;
  Issues& issues;
  Recorder& rec;
  Router& router;

  double now() const { return sim.now(); }
  std::size_t meeting_column() const { return sc.roles.size(); }  // FlowCounts' column of meetings and joint handlings
};

class Mechanism {
 public:
  /// The issue events a mechanism follows (hooks()): the engine calls only those that ask.
  enum Hook : unsigned { kOnDiscovered = 1, kOnClosed = 2, kOnMoved = 4, kGateResolve = 8 };

  virtual ~Mechanism() = default;
  virtual unsigned hooks() const { return 0; }
  /// Sizes the per-issue side table for `slots` issue slots (called as the issue table grows).
  virtual void reserve(std::size_t slots) { (void)slots; }
  /// Schedules what the mechanism starts with (e.g. the first meetings).
  virtual void start() {}
  /// The run has reached its horizon: tell the recorder what is measured at the end.
  virtual void finish() {}
  /// The kinds of policy answer this mechanism carries out (each kind is routed to one mechanism).
  virtual std::vector<plugin::ActionKind> actions() const { return {}; }
  /// Carries out `action`, one of actions(): places the issue (a queue, an agenda, a park...).
  virtual void carry_out(std::uint32_t slot, const plugin::Action& action, const Decision& d) {
    (void)slot, (void)action, (void)d;
  }
  /// A resolve() is about to close the issue: a mechanism may take the decision over (e.g. the
  /// residents rate the result) by returning true with the policy's next answer in `next`.
  virtual bool gate_resolve(std::uint32_t slot, Decision& d, plugin::Action& next) {
    (void)slot, (void)d, (void)next;
    return false;
  }
  /// A timer or SLA answer moves the issue: drop whatever holds it here besides a wait (a park).
  virtual void on_moved(std::uint32_t slot) { (void)slot; }
  /// The issue waits in this mechanism (Issue::holder) and must leave its queue, agenda or offer.
  virtual void release(std::uint32_t slot) { (void)slot; }
  /// A reminder for an issue waiting in this mechanism: to the front of its queue or agenda.
  virtual void expedite(std::uint32_t slot) { (void)slot; }
  virtual void on_discovered(std::uint32_t slot) { (void)slot; }
  /// The issue closes: cancel its events, count what this mechanism measures, reset its state.
  virtual void on_closed(std::uint32_t slot, Outcome outcome) { (void)slot, (void)outcome; }

  /// Set by the engine when it registers the mechanism: Issue::holder of the issues waiting here.
  void set_id(std::uint8_t id) { id_ = id; }
  std::uint8_t id() const { return id_; }

 private:
  std::uint8_t id_ = 0;
};

}  // namespace govsim::model
