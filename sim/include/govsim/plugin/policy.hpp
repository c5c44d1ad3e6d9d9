#pragma once
// The decision interface of escalation policies. The engine owns the mechanics (time, queues,
// staff, RNG); a policy only decides, at decision points, and answers with an Action. It reads the
// world through the narrow read-only Context. One policy object serves one replication.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace govsim::plugin {

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
  double created = 0;
  double discovered = 0;
};

struct AttemptResult {
  bool success = false;           // the issue is settled
  bool within_authority = false;  // false: the unit could never settle it
  RoleId role = kNoRole;
  double service_hours = 0;
};

enum class ActionKind : std::uint8_t {
  kHandle,    // queue for an attempt by `role` at the current unit
  kEscalate,  // move to `target` (kNoUnit = the reports_to parent) and decide again there
  kResolve,   // close as resolved; only after a successful attempt
  kClose,     // close unresolved
};

struct Action {
  ActionKind kind = ActionKind::kClose;
  RoleId role = kNoRole;
  UnitId target = kNoUnit;

  static Action handle(RoleId role) { return {ActionKind::kHandle, role, kNoUnit}; }
  static Action escalate(UnitId target = kNoUnit) { return {ActionKind::kEscalate, kNoRole, target}; }
  static Action resolve() { return {ActionKind::kResolve, kNoRole, kNoUnit}; }
  static Action close() { return {ActionKind::kClose, kNoRole, kNoUnit}; }
};

/// Read-only view of the world at a decision point.
class Context {
 public:
  virtual ~Context() = default;
  virtual double now() const = 0;
  virtual int level_count() const = 0;
  virtual std::string_view level_name(int level) const = 0;
  virtual int level_of(UnitId unit) const = 0;
  virtual UnitId parent(UnitId unit) const = 0;  // kNoUnit at the top
  virtual int authority(UnitId unit) const = 0;
  /// The unit's first role pool that handles `category`, or kNoRole.
  virtual RoleId handler_role(UnitId unit, CategoryId category) const = 0;
  virtual std::uint32_t staff(UnitId unit, RoleId role) const = 0;
  virtual std::uint32_t busy(UnitId unit, RoleId role) const = 0;
  virtual std::uint32_t queue_length(UnitId unit, RoleId role) const = 0;
  /// The policy's own random stream, keyed by (issue, counter) so that paired runs of different
  /// policies stay in step: the same (issue, counter) always gives the same number in [0, 1).
  virtual double uniform(const IssueView& issue, std::uint64_t counter) const = 0;
};

class Policy {
 public:
  virtual ~Policy() = default;
  /// A new issue has been discovered at its leaf unit, or an issue was escalated to `issue.unit`.
  virtual Action on_issue_arrived(const IssueView& issue, const Context& ctx) = 0;
  /// An attempt at `issue.unit` has finished.
  virtual Action on_attempt_finished(const IssueView& issue, const AttemptResult& result,
                                     const Context& ctx) = 0;
};

}  // namespace govsim::plugin
