#pragma once
// The decision interface of escalation policies — the one header a policy plugin includes (with
// govsim/plugin/params.hpp for reading its parameters). The engine owns the mechanics (time,
// queues, staff, RNG); a policy only decides, at decision points, and answers with an Action. It
// reads the world through the narrow read-only Context. One policy object serves one replication.
//
// A plugin is a shared library exporting one C function, govsim_plugin_info(), that returns a
// PluginInfo: the API version it was built for, its name, version, parameters and factory. See
// docs/plugins.md; GOVSIM_EXPORT_POLICY below writes the entry point.
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace govsim::plugin {
// The ABI's types live in an inline namespace named for its version, so that code built against
// another version does not even link against these (LLVM's pass plugins do the same).
inline namespace abi_v7 {

using UnitId = std::uint32_t;
using RoleId = std::uint16_t;
using CategoryId = std::uint16_t;
inline constexpr UnitId kNoUnit = std::numeric_limits<UnitId>::max();
inline constexpr RoleId kNoRole = std::numeric_limits<RoleId>::max();

/// What a policy may know of an issue. `assessed_severity` is the handlers' judgement, which may
/// differ from the true severity the engine uses to decide outcomes.
struct IssueView {
  std::uint64_t id = 0;
  CategoryId category = 0;
  int assessed_severity = 1;
  UnitId unit = kNoUnit;    // where the issue is now
  UnitId origin = kNoUnit;  // the leaf unit where it arose
  int attempts = 0;         // attempts so far, everywhere
  int attempts_here = 0;    // attempts at the current unit
  int escalations = 0;
  int reworks = 0;  // times a resident's low rating sent it back
  int referrals = 0;  // referrals asked so far (taken or refused)
  int reopens = 0;    // times residents reopened it after a resolution
  UnitId referred_from = kNoUnit;  // while at a partner it was referred to: the unit that referred it
  double created = 0;
  double discovered = 0;
  bool waiting = false;     // queued for an attempt
  bool in_service = false;  // an attempt is in progress
};

inline constexpr std::uint32_t kNoMeeting = std::numeric_limits<std::uint32_t>::max();

struct AttemptResult {
  bool success = false;           // the issue is settled
  bool within_authority = false;  // false: the unit could never settle it
  RoleId role = kNoRole;          // kNoRole when a meeting or a joint handling handled it
  std::uint32_t meeting = kNoMeeting;  // the meeting type, when a meeting handled it
  std::uint32_t departments = 0;  // the departments that took part, when a joint handling (summon) handled it
  double service_hours = 0;       // for a joint handling: the longest part
};

/// How a volunteer pool takes a dispatched order (FIELD-NOTES §2: "residents order, the community
/// dispatches, party members take the order"; one-to-one orders and many-to-one order grabbing).
enum class DispatchMode : std::uint32_t {
  kDirected = 0,  // offered to one free volunteer at a time, who accepts or declines
  kGrab = 1,      // published to every free volunteer at once; the first who accepts takes it
};

/// The engine's service-level clock of an issue (scenario "sla"): a warning at a share of the
/// limit, then the breach.
enum class SlaEvent : std::uint8_t { kWarning, kBreach };

enum class ActionKind : std::uint8_t {
  kHandle,    // queue for an attempt by `role` at the current unit
  kEscalate,  // move to `target` (kNoUnit = the reports_to parent) and decide again there
  kResolve,   // close as resolved; only after a successful attempt
  kClose,     // close unresolved
  kKeep,      // leave the issue as it is (a timer's answer)
  kMeeting,   // join the agenda of the unit's next meeting of type `meeting`
  kSummon,    // joint handling: `target` departments linked by `summons` each do a part; ends when all report
  kDispatch,  // offer to the volunteer pool `role` at the current unit (DispatchMode in `target`)
  kWait,      // park the issue, holding no staff, until its timer runs out (a stage delay)
  kExpedite,  // (timer or SLA event, while queued) move to the front of its queue or agenda; else keep
  kPassOn,    // this rule is done with the issue: the next stage of a process at this unit, else the unit above, else close
  kRefer,     // sideways along a `coordinates` link to `target` (kNoUnit: the linked unit whose jurisdiction takes it)
};

/// What a policy answers. 16 bytes, so that it comes back from a decision in registers.
/// An action that leaves the issue open may also set a timer (with_timer): the engine calls
/// on_timer(issue, tag) when `hours` have passed — wall-clock hours, or working hours of scenario
/// calendar `calendar` (an index into PolicySetup::calendar_names; business time pauses outside
/// working hours). An issue has at most one timer: a new one replaces the old, and closing the
/// issue cancels it.
struct Action {
  ActionKind kind = ActionKind::kClose;
  std::int8_t timer_calendar = -1;  // -1: wall clock
  RoleId role = kNoRole;            // kHandle
  UnitId target = kNoUnit;          // kEscalate: the unit (kNoUnit = parent); kMeeting: the meeting type
  std::uint32_t timer_tag = 0;      // 0: no timer
  float timer_hours = 0;

  static Action handle(RoleId role) { return make(ActionKind::kHandle, role, kNoUnit); }
  static Action escalate(UnitId target = kNoUnit) { return make(ActionKind::kEscalate, kNoRole, target); }
  static Action resolve() { return make(ActionKind::kResolve, kNoRole, kNoUnit); }
  static Action close() { return make(ActionKind::kClose, kNoRole, kNoUnit); }
  static Action keep() { return make(ActionKind::kKeep, kNoRole, kNoUnit); }
  /// Wait for the current unit's next meeting of type `meeting` (an index into
  /// PolicySetup::meeting_names); the unit must hold such meetings.
  static Action wait_for_meeting(std::uint32_t meeting) { return make(ActionKind::kMeeting, kNoRole, meeting); }
  /// Joint handling (the whistle): `departments` of the units the current unit has `summons` links
  /// to each handle a part in parallel, with `role` there (kNoRole: each unit's handler for the
  /// category). The engine picks which units, from the issue's own stream; it cycles through them
  /// when more are asked than linked. on_attempt_finished follows when every part has reported;
  /// it succeeds when every part did. The issue stays at its unit meanwhile.
  /// With `quorum` k (0 = all), the joint handling ends when k parts have reported and succeeds
  /// when those k did; the other parts' reports are not waited for.
  static Action summon(std::uint32_t departments, RoleId role = kNoRole, std::uint32_t quorum = 0) {
    const std::uint32_t d = departments < 0xFFFFu ? departments : 0xFFFFu, q = quorum < 0xFFFFu ? quorum : 0xFFFFu;
    return make(ActionKind::kSummon, role, d | (q << 16));
  }
  /// Offers the issue to the volunteer pool `role` at the current unit. A volunteer who accepts
  /// handles it (on_attempt_finished follows); when an offer is declined, on_dispatch_declined
  /// decides. Set a timer with it for an acceptance timeout: on_timer may then fall back.
  static Action dispatch(RoleId role, DispatchMode mode = DispatchMode::kDirected) {
    return make(ActionKind::kDispatch, role, static_cast<std::uint32_t>(mode));
  }
  /// Parks the issue until its timer runs out; must carry a timer (with_timer).
  static Action wait() { return make(ActionKind::kWait, kNoRole, kNoUnit); }
  /// From on_timer or on_sla_event: an issue waiting in a queue or on an agenda moves to its front.
  static Action expedite() { return make(ActionKind::kExpedite, kNoRole, kNoUnit); }
  /// The rule that decided is done with the issue at this unit: in a composed process (policy
  /// `process`) the next stage of the issue's route at this unit takes it; after the last one, or
  /// outside a process, the unit above takes it (escalate), and the top unit closes it.
  static Action pass_on() { return make(ActionKind::kPassOn, kNoRole, kNoUnit); }
  /// Refer the issue sideways to a partner (a property company, an owners' committee, a judicial
  /// office) along a `coordinates` link of the current unit: to `target`, or by default to the
  /// linked unit that owns the issue's category (else a general one). The partner may refuse (its
  /// `refuses` share; and when no linked unit takes the category): on_reject decides,
  /// the issue still here. Taken, the issue moves to the partner and on_issue_arrived decides there
  /// (IssueView::referred_from set); when the partner passes it on (pass_on), it is handed back
  /// here and on_handback decides. The partner may also resolve or close it.
  static Action refer(UnitId target = kNoUnit) { return make(ActionKind::kRefer, kNoRole, target); }
  std::uint32_t meeting() const { return target; }
  std::uint32_t departments() const { return target & 0xFFFFu; }
  std::uint32_t quorum() const { return target >> 16; }
  DispatchMode dispatch_mode() const { return static_cast<DispatchMode>(target); }
  /// The same action, also setting a timer (tag must not be 0; calendar -1 = wall clock).
  Action with_timer(std::uint32_t tag, double hours, int calendar = -1) const {
    Action a = *this;
    a.timer_tag = tag;
    a.timer_hours = static_cast<float>(hours);
    a.timer_calendar = static_cast<std::int8_t>(calendar < -1 || calendar > 127 ? -2 : calendar);
    return a;
  }

 private:
  static Action make(ActionKind k, RoleId r, UnitId t) {
    Action a;
    a.kind = k;
    a.role = r;
    a.target = t;
    return a;
  }
};
static_assert(sizeof(Action) == 16, "Action must stay two registers wide");

/// A role pool as policies see it.
struct PoolView {
  UnitId unit = kNoUnit;
  RoleId role = kNoRole;
  std::uint32_t servers = 0;  // staff in the pool
  std::uint32_t busy = 0;     // of them, in an attempt now
  std::uint32_t waiting = 0;  // issues queued for the pool
};

/// The plain data behind Context: arrays indexed by unit id (and pool index) that the engine keeps
/// current. Plain pointers, no virtual calls: cheap at every decision and easy to pass across a
/// library boundary.
struct WorldView {
  const double* now = nullptr;
  std::size_t units = 0;
  std::size_t categories = 0;
  int level_count = 0;
  const std::string_view* level_names = nullptr;
  const int* level = nullptr;                 // per unit
  const UnitId* parent = nullptr;             // per unit; kNoUnit at the top
  const int* authority = nullptr;             // per unit
  const RoleId* handler = nullptr;            // per unit * categories + category
  const std::uint32_t* pool_begin = nullptr;  // per unit, units + 1 entries: pools of u are [begin[u], begin[u+1])
  const PoolView* pools = nullptr;
  const std::uint32_t* summons_begin = nullptr;  // per unit, units + 1 entries: summons links of u are [begin[u], begin[u+1])
  const UnitId* summons = nullptr;
  const std::uint32_t* coordinates_begin = nullptr;  // per unit, units + 1 entries: coordinates links of u
  const UnitId* coordinates = nullptr;
  double (*uniform)(const void* state, std::uint64_t issue, std::uint64_t counter) = nullptr;
  const void* uniform_state = nullptr;
  // Appended in API version 7 (null from an older engine): per unit * roles + role, the index of
  // the pool serving the unit — its own, its grid's, or one pooled above it — or UINT32_MAX.
  std::size_t roles = 0;
  const std::uint32_t* serving_pool = nullptr;
};

/// Read-only view of the world at a decision point. A unit id that does not exist throws
/// std::out_of_range, which stops the run with the policy, issue and time in the message.
class Context {
 public:
  explicit Context(const WorldView& world) : w_(world) {}
  double now() const { return *w_.now; }
  int level_count() const { return w_.level_count; }
  std::string_view level_name(int level) const {
    if (level < 0 || level >= w_.level_count) throw std::out_of_range("level " + std::to_string(level) + " does not exist");
    return w_.level_names[level];
  }
  int level_of(UnitId unit) const { return w_.level[checked(unit)]; }
  UnitId parent(UnitId unit) const { return w_.parent[checked(unit)]; }
  int authority(UnitId unit) const { return w_.authority[checked(unit)]; }
  /// The unit's first role pool that handles `category`, or kNoRole.
  RoleId handler_role(UnitId unit, CategoryId category) const {
    if (category >= w_.categories) throw std::out_of_range("category " + std::to_string(category) + " does not exist");
    return w_.handler[checked(unit) * w_.categories + category];
  }
  /// The staff, busy staff and queue of the `role` pool serving `unit`: its own pool, its grid's (a
  /// role drawn in grids) or the one pooled above it (a role with `pooled_at`); 0 if none.
  std::uint32_t staff(UnitId unit, RoleId role) const {
    const PoolView* p = pool(unit, role);
    return p ? p->servers : 0;
  }
  std::uint32_t busy(UnitId unit, RoleId role) const {
    const PoolView* p = pool(unit, role);
    return p ? p->busy : 0;
  }
  std::uint32_t queue_length(UnitId unit, RoleId role) const {
    const PoolView* p = pool(unit, role);
    return p ? p->waiting : 0;
  }
  /// How many units `unit` can summon (its `summons` links), and the i-th of them.
  std::uint32_t summons_count(UnitId unit) const {
    const std::size_t u = checked(unit);
    return w_.summons_begin[u + 1] - w_.summons_begin[u];
  }
  UnitId summoned(UnitId unit, std::uint32_t i) const {
    if (i >= summons_count(unit)) throw std::out_of_range("unit " + std::to_string(unit) + " has no summons link " + std::to_string(i));
    return w_.summons[w_.summons_begin[unit] + i];
  }
  /// How many partners `unit` can refer to (its `coordinates` links), and the i-th of them.
  std::uint32_t coordinates_count(UnitId unit) const {
    const std::size_t u = checked(unit);
    return w_.coordinates_begin[u + 1] - w_.coordinates_begin[u];
  }
  UnitId coordinated(UnitId unit, std::uint32_t i) const {
    if (i >= coordinates_count(unit))
      throw std::out_of_range("unit " + std::to_string(unit) + " has no coordinates link " + std::to_string(i));
    return w_.coordinates[w_.coordinates_begin[unit] + i];
  }
  /// The policy's own random stream, keyed by (issue, counter) so that paired runs of different
  /// policies stay in step: the same (issue, counter) always gives the same number in [0, 1).
  double uniform(const IssueView& issue, std::uint64_t counter) const {
    return w_.uniform(w_.uniform_state, issue.id, counter);
  }

 private:
  std::size_t checked(UnitId unit) const {
    if (unit >= w_.units) throw std::out_of_range("unit id " + std::to_string(unit) + " does not exist");
    return unit;
  }
  const PoolView* pool(UnitId unit, RoleId role) const {
    const std::size_t u = checked(unit);
    if (w_.serving_pool) {
      if (role >= w_.roles) return nullptr;
      const std::uint32_t p = w_.serving_pool[u * w_.roles + role];
      return p == UINT32_MAX ? nullptr : &w_.pools[p];
    }
    for (std::uint32_t p = w_.pool_begin[u]; p < w_.pool_begin[u + 1]; ++p)
      if (w_.pools[p].role == role) return &w_.pools[p];
    return nullptr;
  }
  WorldView w_;
};

class Policy {
 public:
  virtual ~Policy() = default;
  /// A new issue has been discovered at its leaf unit, or an issue was escalated to `issue.unit`.
  virtual Action on_issue_arrived(const IssueView& issue, const Context& ctx) = 0;
  /// An attempt at `issue.unit` has finished.
  virtual Action on_attempt_finished(const IssueView& issue, const AttemptResult& result,
                                     const Context& ctx) = 0;
  /// A timer set with Action::with_timer has run out. While the issue waits in a queue, any action
  /// may move it (it leaves the queue); during an attempt only keep() is allowed. Default: keep.
  virtual Action on_timer(const IssueView& issue, std::uint32_t tag, const Context& ctx) {
    (void)issue, (void)tag, (void)ctx;
    return Action::keep();
  }
  /// The policy answered resolve() and the scenario has residents evaluate results: `satisfaction`
  /// (0–1) is their rating. resolve() accepts it and closes the issue; handle(role) sends it back
  /// for rectification at the current unit (a rework); escalate and close are allowed too.
  /// Default: accept.
  virtual Action on_evaluation(const IssueView& issue, double satisfaction, const Context& ctx) {
    (void)issue, (void)satisfaction, (void)ctx;
    return Action::resolve();
  }
  /// A dispatched order found no taker: the volunteer offered it declined (directed), or every free
  /// volunteer did (grab). `offers` counts the declined offers since the dispatch. Any action
  /// that handles, moves or closes the issue; dispatch() offers it again. Default: the unit's
  /// handler for the category (the paid staff), else pass_on().
  virtual Action on_dispatch_declined(const IssueView& issue, std::uint32_t offers, const Context& ctx) {
    (void)offers;
    const RoleId role = ctx.handler_role(issue.unit, issue.category);
    if (role != kNoRole) return Action::handle(role);
    return Action::pass_on();
  }
  /// A meeting of type `meeting` at the issue's unit is opening and the issue is next on its
  /// agenda: keep() takes it up now; wait_for_meeting(meeting) defers it to the next meeting (the
  /// back of the agenda); any other action takes it off the agenda. Default: keep.
  virtual Action on_meeting_agenda(const IssueView& issue, std::uint32_t meeting, const Context& ctx) {
    (void)issue, (void)meeting, (void)ctx;
    return Action::keep();
  }
  /// The scenario's SLA clock of the issue gave a warning or ran out. The same answers as
  /// on_timer (keep, expedite, or — while not in an attempt — any move). Default: keep.
  virtual Action on_sla_event(const IssueView& issue, SlaEvent event, const Context& ctx) {
    (void)issue, (void)event, (void)ctx;
    return Action::keep();
  }
  /// A partner the issue was referred to handed it back unsettled (it passed it on): the issue is
  /// at the referring unit again. Default: pass_on().
  virtual Action on_handback(const IssueView& issue, const Context& ctx) {
    (void)issue, (void)ctx;
    return Action::pass_on();
  }
  /// A resident reopened the issue (its category's `reopen`) some days after it was resolved at
  /// `issue.unit`: it is open there again. Any action that handles, moves or closes it; resolve()
  /// is not allowed (no attempt has succeeded since). Default: the unit's handler for the
  /// category, else pass_on().
  virtual Action on_reopen(const IssueView& issue, const Context& ctx) {
    const RoleId role = ctx.handler_role(issue.unit, issue.category);
    if (role != kNoRole) return Action::handle(role);
    return Action::pass_on();
  }
  /// A referral was refused (the partner's `refuses` share, or no linked unit takes the category):
  /// the issue is still at its unit. Default: pass_on().
  virtual Action on_reject(const IssueView& issue, const Context& ctx) {
    (void)issue, (void)ctx;
    return Action::pass_on();
  }
  /// The issue has closed (resolved, closed unresolved or withdrawn): a policy that keeps state
  /// per issue may drop it. A notice, not a decision. Default: nothing.
  virtual void on_closed(const IssueView& issue) { (void)issue; }
};

/// The plugin API version. The loader refuses a library built for another one.
inline constexpr std::uint32_t kPluginApiVersion = 7;

/// What a factory gets: the policy's parameters as JSON text and the scenario's names, so a policy
/// can check level, category and role names without any other part of govsim.
struct PolicySetup {
  const char* params_json = "{}";  // a JSON object
  int level_count = 0;
  const char* const* level_names = nullptr;  // top to bottom
  std::size_t category_count = 0;
  const char* const* category_names = nullptr;
  std::size_t role_count = 0;
  const char* const* role_names = nullptr;
  std::size_t calendar_count = 0;  // work calendars; index 0 is "always"
  const char* const* calendar_names = nullptr;
  std::size_t meeting_count = 0;  // meeting types of the scenario
  const char* const* meeting_names = nullptr;
  const int* meeting_levels = nullptr;  // the level whose units hold each meeting type
  // Per category: the parties whose consent a settlement needs (0: none needed; the scenario's
  // category `consent`), and the highest severity it can have (its severity distribution's length).
  const int* category_parties = nullptr;
  const int* category_severities = nullptr;
  // The organisation, for checks while the policy is made (valid only during the factory call;
  // null when the caller gives none): its units, their levels and names, whether a unit is a
  // partner (the target of a `coordinates` link), and whether it has a `coordinates` link to a
  // partner that takes a category (owns it, or a general one).
  const void* org = nullptr;
  std::size_t unit_count = 0;
  int (*unit_level)(const void* org, UnitId unit) = nullptr;
  const char* (*unit_name)(const void* org, UnitId unit) = nullptr;
  bool (*is_partner)(const void* org, UnitId unit) = nullptr;
  bool (*has_partner)(const void* org, UnitId unit, CategoryId category) = nullptr;
};

/// Filled by a factory that refuses its parameters: a JSON pointer inside the parameters object
/// and what was expected. No exception crosses the library boundary at creation.
struct SetupError {
  char path[256] = {};
  char expected[1024] = {};
};

struct PluginParamDoc {
  const char* name;
  const char* type;
  const char* default_value;
  const char* description;
};

/// What a plugin and govsim must agree on besides the API version: the compiler's C++ ABI (the
/// Itanium ABI version and libstdc++'s string ABI) and the size of every type that crosses the
/// boundary. Each side computes it from these headers with its own compiler; the loader refuses a
/// library whose fingerprint differs, naming both.
struct BuildFingerprint {
  std::uint32_t cxx_abi = 0;     // __GXX_ABI_VERSION
  std::uint32_t string_abi = 0;  // 1 + _GLIBCXX_USE_CXX11_ABI under libstdc++, else 0
  // sizeof IssueView, AttemptResult, Action, PoolView, WorldView, PolicySetup, SetupError, Context
  std::uint32_t sizes[8] = {};
  friend bool operator==(const BuildFingerprint&, const BuildFingerprint&) = default;
};

constexpr BuildFingerprint build_fingerprint() {
  BuildFingerprint f;
#ifdef __GXX_ABI_VERSION
  f.cxx_abi = __GXX_ABI_VERSION;
#endif
#ifdef _GLIBCXX_USE_CXX11_ABI
  f.string_abi = 1 + _GLIBCXX_USE_CXX11_ABI;
#endif
  const std::uint32_t sizes[8] = {sizeof(IssueView), sizeof(AttemptResult), sizeof(Action),      sizeof(PoolView),
                                  sizeof(WorldView), sizeof(PolicySetup),   sizeof(SetupError), sizeof(Context)};
  for (int i = 0; i < 8; ++i) f.sizes[i] = sizes[i];
  return f;
}

inline std::string to_string(const BuildFingerprint& f) {
  std::string s = "C++ ABI ";
  s.append(std::to_string(f.cxx_abi)).append(", string ABI ").append(std::to_string(f.string_abi)).append(", type sizes");
  for (std::uint32_t n : f.sizes) s.append(" ").append(std::to_string(n));
  return s;
}

struct PluginInfo {
  std::uint32_t api_version;
  const char* name;
  const char* version;
  const char* summary;
  const PluginParamDoc* params;
  std::size_t param_count;
  /// Returns a new policy, or nullptr with `error` filled.
  Policy* (*create)(const PolicySetup* setup, SetupError* error) noexcept;
  void (*destroy)(Policy* policy) noexcept;
  /// Set where the library is built (this default), checked by the loader after api_version.
  BuildFingerprint build = build_fingerprint();
};

/// The entry point's name, as the loader looks it up.
inline constexpr const char* kPluginEntryPoint = "govsim_plugin_info";
using PluginEntryPoint = const PluginInfo* (*)();

/// Thrown by a policy's constructor for a bad parameter: `path` is a JSON pointer inside the
/// parameters object ("" for the object itself).
class ParamError : public std::runtime_error {
 public:
  ParamError(std::string path, const std::string& expected) : std::runtime_error(expected), path_(std::move(path)) {}
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

namespace detail {
inline void copy_text(char* dst, std::size_t n, const std::string& src) {
  const std::size_t k = src.size() < n - 1 ? src.size() : n - 1;
  for (std::size_t i = 0; i < k; ++i) dst[i] = src[i];
  dst[k] = 0;
}
template <class P>
Policy* create_policy(const PolicySetup* setup, SetupError* error) noexcept {
  try {
    return new P(*setup);
  } catch (const ParamError& e) {
    copy_text(error->path, sizeof error->path, e.path());
    copy_text(error->expected, sizeof error->expected, e.what());
  } catch (const std::exception& e) {
    copy_text(error->expected, sizeof error->expected, e.what());
  } catch (...) {
    copy_text(error->expected, sizeof error->expected, "the policy's constructor failed");
  }
  return nullptr;
}
template <class P>
void destroy_policy(Policy* p) noexcept {
  delete static_cast<P*>(p);
}
}  // namespace detail

/// The PluginInfo of policy class P, which must be constructible from `const PolicySetup&`.
template <class P, std::size_t N>
PluginInfo make_plugin_info(const char* name, const char* version, const char* summary,
                            const PluginParamDoc (&params)[N]) {
  return PluginInfo{kPluginApiVersion, name,   version, summary, params, N, &detail::create_policy<P>,
                    &detail::destroy_policy<P>};
}
template <class P, std::size_t N>
PluginInfo make_plugin_info(const char* name, const char* version, const char* summary,
                            const std::array<PluginParamDoc, N>& params) {
  return PluginInfo{kPluginApiVersion, name, version, summary, params.data(), N, &detail::create_policy<P>,
                    &detail::destroy_policy<P>};
}

/// Parameter docs must outlive the PluginInfo: a temporary array is refused.
template <class P, std::size_t N>
PluginInfo make_plugin_info(const char*, const char*, const char*, const std::array<PluginParamDoc, N>&&) = delete;

/// The parameter docs of a policy built on another: its own, then the base policy's.
template <std::size_t N, std::size_t M>
constexpr std::array<PluginParamDoc, N + M> join_params(const PluginParamDoc (&own)[N], const PluginParamDoc (&base)[M]) {
  std::array<PluginParamDoc, N + M> all{};
  for (std::size_t i = 0; i < N; ++i) all[i] = own[i];
  for (std::size_t i = 0; i < M; ++i) all[N + i] = base[i];
  return all;
}

namespace detail {
/// The policies built into the program, each added before main() by the registrar that
/// GOVSIM_POLICY writes in a built-in policy's source (the registry sorts them by name).
inline std::vector<const PluginInfo*>& builtin_policy_list() {
  static std::vector<const PluginInfo*> list;
  return list;
}
struct BuiltinRegistrar {
  explicit BuiltinRegistrar(const PluginInfo* info) { builtin_policy_list().push_back(info); }
};
}  // namespace detail

}  // namespace abi_v7
}  // namespace govsim::plugin

#define GOVSIM_DETAIL_CONCAT2(a, b) a##b
#define GOVSIM_DETAIL_CONCAT(a, b) GOVSIM_DETAIL_CONCAT2(a, b)

/// Registers a policy class where its source is built (govsim_add_plugin in CMake): in a loadable
/// plugin (GOVSIM_PLUGIN_LIBRARY defined) it writes the entry point, as GOVSIM_EXPORT_POLICY;
/// built into govsim (BUILTIN), a registrar that adds it to the built-in policies before main().
/// At namespace scope, once per policy; the class and parameters named so they are visible there.
#ifdef GOVSIM_PLUGIN_LIBRARY
#define GOVSIM_POLICY(CLASS, NAME, VERSION, SUMMARY, PARAMS) GOVSIM_EXPORT_POLICY(CLASS, NAME, VERSION, SUMMARY, PARAMS)
#else
#define GOVSIM_POLICY(CLASS, NAME, VERSION, SUMMARY, PARAMS)                                            \
  namespace {                                                                                          \
  const ::govsim::plugin::detail::BuiltinRegistrar GOVSIM_DETAIL_CONCAT(govsim_builtin_policy_, __LINE__)( \
      [] {                                                                                             \
        static const ::govsim::plugin::PluginInfo info =                                               \
            ::govsim::plugin::make_plugin_info<CLASS>(NAME, VERSION, SUMMARY, PARAMS);                 \
        return &info;                                                                                  \
      }());                                                                                            \
  }
#endif

/// Writes a plugin's entry point for a policy class: GOVSIM_EXPORT_POLICY(MyPolicy, "name", "1.0",
/// "what it does", kMyParams) at namespace scope in one .cpp of the library.
#define GOVSIM_EXPORT_POLICY(CLASS, NAME, VERSION, SUMMARY, PARAMS)                                    \
  extern "C" __attribute__((visibility("default"))) const ::govsim::plugin::PluginInfo*                 \
  govsim_plugin_info() {                                                                              \
    static const ::govsim::plugin::PluginInfo info =                                                   \
        ::govsim::plugin::make_plugin_info<CLASS>(NAME, VERSION, SUMMARY, PARAMS);                     \
    return &info;                                                                                     \
  }
