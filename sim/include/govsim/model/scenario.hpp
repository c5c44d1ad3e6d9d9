#pragma once
// The scenario as plain, validated data (Ciw's "network description"): the loader builds it once,
// the engine only reads it. Category, role and level ids are indices into the vectors below.
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "govsim/core/calendar.hpp"
#include "govsim/core/distribution.hpp"
#include "govsim/graph/org_graph.hpp"

namespace govsim::model {

using graph::RoleId;
using graph::UnitId;
using CategoryId = std::uint16_t;
inline constexpr RoleId kNoRole = std::numeric_limits<RoleId>::max();

struct LevelSpec {
  std::string name;
  int authority = 0;  // default authority of units at this level
};

struct RoleSpec {
  std::string name;
  std::size_t calendar = 0;  // index into Scenario::calendars
  core::Distribution service;                              // default service time, hours of work
  std::vector<std::optional<core::Distribution>> service_by_category;
  double success = 1.0;  // chance an attempt within authority succeeds
  std::vector<std::optional<double>> success_by_category;
  std::vector<bool> handles;  // per category
  // How members answer a dispatched order (volunteer pools): accept with this chance, after a
  // reply delay in wall-clock hours.
  double accept = 1.0;
  core::Distribution reply_delay = core::Distribution::deterministic(0);
  // Staffing rule: pools at every unit of `level` (if any); count fixed or per households.
  std::optional<int> level;
  std::uint32_t count = 0;
  double per_households = 0;
  std::uint32_t min_count = 1;

  const core::Distribution& service_for(CategoryId c) const {
    return service_by_category[c] ? *service_by_category[c] : service;
  }
  double success_for(CategoryId c) const {
    return success_by_category[c] ? *success_by_category[c] : success;
  }
};

struct DiscoveryChannel {
  std::string name;
  double share = 1.0;
  core::Distribution delay;  // hours from creation to discovery
};

struct CategorySpec {
  std::string name;
  double rate_per_household_year = 0;
  std::vector<double> severity;  // P(severity = i + 1)
  double assessment_error = 0;   // chance the assessed severity is off by one
  std::array<double, 12> month{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  std::array<double, 7> weekday{1, 1, 1, 1, 1, 1, 1};
  std::optional<std::array<double, 24>> hour;
  double overdispersion = 0;  // variance of the gamma daily-rate multiplier (mean 1); 0 = Poisson
  std::vector<DiscoveryChannel> discovery;
  // Residents withdraw an issue that has waited this long in one queue (hours, wall clock) without
  // an attempt starting; unset = they never do (Erlang C), set = abandonment (Erlang A).
  std::optional<core::Distribution> patience;
};

struct Surge {
  long first_day = 0, last_day = 0;  // inclusive day indices
  double multiplier = 1;
  std::vector<bool> categories;  // which categories it affects
};

struct NamedCalendar {
  std::string name;
  core::WorkCalendar calendar;
};

/// Residents rate a resolved issue: satisfaction = base + per_day × days since it was created +
/// per_level_up × levels it climbed + per_rework × reworks + Normal(0, sd), clipped to [0, 1].
struct EvaluationSpec {
  double base = 0.9;
  double per_day = -0.01;
  double per_level_up = -0.03;
  double per_rework = 0.1;
  double sd = 0.1;
};

/// A kind of scheduled meeting that every unit of `level` holds (FIELD-NOTES §2: Kenli's monthly
/// deliberation day on the 10th, weekly village meetings, quarterly leading groups). Items wait on
/// the unit's agenda; a meeting takes up to `agenda_cap` of them, the rest carry over.
struct MeetingSpec {
  enum class Rule { kMonthly, kWeekly, kQuarterly, kWhenWaiting };
  std::string name;
  int level = 0;
  Rule rule = Rule::kMonthly;
  int day = 10;         // monthly/quarterly: day of the month (clamped to the month's last day)
  int weekday = 0;      // weekly: 0 = Monday
  double time = 9.0;    // hour of day
  std::uint32_t when_waiting = 0;  // kWhenWaiting: hold one as soon as this many items wait
  std::uint32_t agenda_cap = 10;
  double duration_hours = 2.0;
  double success = 1.0;  // chance an item within the unit's authority is settled
};

/// Service-level clocks (FIELD-NOTES §4: same day, 2–3 days, 7 days, 15 days at most): each
/// issue's clock starts at discovery and runs in wall-clock hours or in the working hours of a
/// calendar; a warning at `warning_fraction` of the limit, then the breach. Measured for every
/// policy (SLA compliance), and reported to the policy (on_sla_event).
struct SlaSpec {
  std::size_t calendar = 0;           // index into Scenario::calendars; 0 = "always" (wall clock)
  std::vector<double> limit_hours;    // per category
  double warning_fraction = 0.8;      // 0: no warnings
};

struct PolicySpec {
  std::string name = "tiered";
  nlohmann::ordered_json params = nlohmann::ordered_json::object();
  std::string params_path = "/policy/params";
  std::string label;   // how results name it (default: name)
  std::string source;  // where the parameters came from, for errors (default: the scenario file)
  std::string plugin;  // explicit plugin library (absolute, or resolved against the scenario's folder)
  const std::string& display() const { return label.empty() ? name : label; }
};

struct RunSpec {
  double horizon_days = 365;
  double warmup_days = 0;
  std::uint32_t replications = 10;
  std::uint64_t seed = 1;
  bool record_issues = false;
  double sample_interval_hours = 24;
};

struct Scenario {
  std::string file;  // where it came from, for messages
  std::string name;
  std::string description;
  core::Calendar calendar;
  std::vector<LevelSpec> levels;  // top to bottom
  int grassroots_level = 0;       // issues resolved at this level or below count as "grassroots"
  std::vector<NamedCalendar> calendars;
  graph::OrgGraph org;
  std::vector<RoleSpec> roles;
  std::vector<CategorySpec> categories;
  std::vector<Surge> surges;
  std::optional<EvaluationSpec> evaluation;  // absent: resolutions are not rated
  std::vector<MeetingSpec> meetings;
  std::optional<SlaSpec> sla;  // absent: no SLA clocks
  int max_severity = 1;
  PolicySpec policy;
  RunSpec run;

  double horizon_hours() const { return run.horizon_days * core::kHoursPerDay; }
  double warmup_hours() const { return run.warmup_days * core::kHoursPerDay; }
  std::optional<CategoryId> find_category(const std::string& n) const;
  std::optional<RoleId> find_role(const std::string& n) const;
  std::optional<int> find_level(const std::string& n) const;
};

}  // namespace govsim::model
