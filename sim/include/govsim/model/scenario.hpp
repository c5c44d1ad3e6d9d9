#pragma once
// The scenario as plain, validated data (Ciw's "network description"): the loader builds it once,
// the engine only reads it. Category, role and level ids are indices into the vectors below.
#include <array>
#include <algorithm>
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

/// When a recurring event falls: monthly or quarterly on a day of the month (clamped to the month's
/// last day), or weekly on a weekday, at a time of day.
struct Schedule {
  enum class Rule { kMonthly, kWeekly, kQuarterly };
  Rule rule = Rule::kMonthly;
  int day = 10;       // monthly/quarterly: day of the month
  int weekday = 0;    // weekly: 0 = Monday
  double time = 9.0;  // hour of day
  /// The first occurrence after `t` (t < 0: the first from day 0 on).
  double next_after(const core::Calendar& calendar, double t) const;
  /// Occurrences in an average week.
};

/// A role's scheduled sitting (a reception day, office duty at a unit): `staff` of the pool's
/// members sit for `hours` from each occurrence of `schedule`.
struct SittingSpec {
  std::string name;
  Schedule schedule;
  double hours = 3;
  std::uint32_t staff = 1;
  // A reception day: residents bring issues (a "reception" discovery channel), and the seated
  // members take the pool's waiting issues at the desk, in wall-clock time, while it lasts.
  bool receives = false;
};

/// The recurring work of a role's staff besides issues (FIELD-NOTES §2–4), per pool: visits to
/// every household of the pool's area every `every_days` (absent households phoned), patrol hours
/// per staff member and week, scheduled sittings, and reporting minutes per attempt and per visit.
/// Staff not in an attempt or a sitting do duty work; `sharing` says whether waiting issues wait
/// for pending duty work (duties_first, but for urgent severities) or not (issues_first).
struct DutySpec {
  enum class Sharing { kDutiesFirst, kIssuesFirst };
  struct Visits {
    double every_days = 30;
    double minutes = 20;         // at the door
    double travel_minutes = 0;   // per visit
    double absent_share = 0;     // of households not at home: phoned instead
    double phone_minutes = 5;
    /// Mean working hours of one visit (door or phone, with travel for the door visits).
    double hours() const { return ((1 - absent_share) * (minutes + travel_minutes) + absent_share * phone_minutes) / 60.0; }
  };
  std::optional<Visits> visits;
  double patrol_hours_per_week = 0;  // per staff member
  std::vector<SittingSpec> sittings;
  double report_minutes_per_attempt = 0, report_minutes_per_visit = 0;
  Sharing sharing = Sharing::kDutiesFirst;
  int urgent_severity = 0;  // kDutiesFirst: issues of this severity or more go before duty work (0: none)
  bool any() const {
    return visits || patrol_hours_per_week > 0 || !sittings.empty() || report_minutes_per_attempt > 0 ||
           report_minutes_per_visit > 0;
  }
};

/// What a role costs: paid staff a yearly wage each (whether busy or not); volunteers the value of
/// the hours they work.
struct CostSpec {
  double wage_per_year = 0;
  double hour_value = 0;
};

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
  // Staff who work at units of `level` but are pooled per unit of this (higher) level: one pool,
  // one queue, for the units of `level` below it, sized by `count`/`per_households` there — so
  // households per worker is a lever finer than one worker per unit.
  std::optional<int> pooled_at;
  // Grids (grid_households > 0, with pooled_at): the role's units of `level` under each unit of
  // `pooled_at` are drawn into grids of about grid_households households (draw_grids); each grid
  // is one pool, held at its first unit, sized by count or per_households on the grid's
  // households. Per unit (filled by the loader): the first unit of its grid (graph::kNoUnit if it
  // is in none), and at a grid's first unit, the grid's households.
  double grid_households = 0;
  std::vector<UnitId> grid_of;
  std::vector<std::uint64_t> grid_hh;
  bool grids() const { return grid_households > 0; }
  DutySpec duties;
  CostSpec cost;

  const core::Distribution& service_for(CategoryId c) const {
    return service_by_category[c] ? *service_by_category[c] : service;
  }
  double success_for(CategoryId c) const {
    return success_by_category[c] ? *success_by_category[c] : success;
  }
};

/// How a share of a category's issues is discovered. kReport: residents report after `delay`.
/// kVisit / kPatrol: found when a visit of `role` reaches the issue's household, or when its next
/// patrol of the area ends — or by the residents after `delay` if set, whichever comes first.
/// kCourier: part-time reporters (couriers, riders) each covering `households_each` households
/// report it after `courier_delay` if its household is on a route (chance min(1, couriers ×
/// households_each / households)) — or the residents after `delay` if set, whichever is first.
struct DiscoveryChannel {
  enum class Kind : std::uint8_t { kReport, kVisit, kPatrol, kCourier, kReception };
  std::string name;
  double share = 1.0;
  Kind kind = Kind::kReport;
  std::optional<core::Distribution> delay;  // hours from creation to the residents' report
  RoleId role = kNoRole;                    // kVisit / kPatrol / kReception: whose duty finds it
  double couriers = 0, households_each = 0;
  core::Distribution courier_delay = core::Distribution::deterministic(0);
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
  // A matter of several parties whose consent no single worker can get (FIELD-NOTES §2: parking,
  // lifts, a gate's opening, land compensation): a staff attempt settles it with `staff_success`,
  // by default the role's success to the power parties - 1 (each other party won over in turn); a
  // meeting, where the parties sit together, with the meeting's success.
  struct Consent {
    int parties = 2;
    std::optional<double> staff_success;
    // A meeting's chance to settle it (default: the meeting's success), times the share of the
    // meeting's seats taken (the parties' representatives at the table).
    std::optional<double> meeting_success;
  };
  std::optional<Consent> consent;
  // A matter that spans `count` departments' jurisdictions (FIELD-NOTES §2: the whistle convenes
  // departments for what no single office can settle): a staff attempt's success is multiplied by
  // `staff_success`, by default the role's success to the power count - 1 (each other department
  // won over in turn). A joint handling's parts are the departments acting together: no factor.
  struct Jurisdictions {
    int count = 1;
    std::optional<double> staff_success;
  };
  std::optional<Jurisdictions> jurisdictions;
  // A dispute that festers: while undiscovered, the issue's severity grows by one every
  // `every_days` days, up to `max_severity` (applied when it is found).
  struct Festering {
    double every_days = 30;
    int max_severity = 1;
  };
  std::optional<Festering> festering;
  // Residents who reopen a resolved issue (FIELD-NOTES §4: repeat complaints): each resolution is
  // reopened with `share`, at a uniform time within `within_days`, while the issue has been reopened
  // fewer than `max` times.
  struct Reopen {
    double share = 0;
    double within_days = 30;
    int max = 1;
  };
  std::optional<Reopen> reopen;
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
  double per_unheard = 0;  // a matter that needs consent settled without a meeting: the parties not heard
};

/// A kind of scheduled meeting that every unit of `level` holds (FIELD-NOTES §2: Kenli's monthly
/// deliberation day on the 10th, weekly village meetings, quarterly leading groups). Items wait on
/// the unit's agenda; a meeting takes up to `agenda_cap` of them, the rest carry over.
/// Participants (staff of roles at or above the meeting's level) sit in it: each is taken from
/// `preparation_hours` before its hour to its end, or from when they are next free; a meeting
/// whose `quorum` of seats is not taken at its hour waits up to `late_hours` for it, else is not
/// held (its items wait for the next).
struct MeetingSpec {
  struct Participant {
    RoleId role = 0;
    std::uint32_t seats = 1;  // staff of the role's pool serving the meeting's unit
  };
  std::string name;
  int level = 0;
  Schedule schedule;
  std::uint32_t when_waiting = 0;  // > 0: no schedule; hold one as soon as this many items wait
  std::uint32_t agenda_cap = 10;
  double duration_hours = 2.0;
  double success = 1.0;  // chance an item within the unit's authority is settled
  std::vector<Participant> participants;
  double preparation_hours = 0;  // per participant, before the meeting's hour
  double quorum = 1;             // share of the seats taken for the meeting to be held
  double late_hours = 0;         // how late it may start waiting for its quorum (0: on time or not at all)
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
  /// Jurisdiction (units' `owns`): (unit << 16 | category) for each category a unit owns, sorted.
  std::vector<std::uint64_t> jurisdiction;
  /// Units' `refuses`: the chance each refuses a referral, (unit, share), sorted by unit.
  std::vector<std::pair<UnitId, double>> refusals;

  /// Whether `unit` owns `category`; and whether it owns any (else it is a general unit).
  bool owns(UnitId unit, CategoryId category) const {
    return std::binary_search(jurisdiction.begin(), jurisdiction.end(), (std::uint64_t{unit} << 16) | category);
  }
  bool owns_any(UnitId unit) const {
    auto it = std::lower_bound(jurisdiction.begin(), jurisdiction.end(), std::uint64_t{unit} << 16);
    return it != jurisdiction.end() && (*it >> 16) == unit;
  }
  /// The chance `unit` refuses a referral (its `refuses`, default 0).
  double refuses(UnitId unit) const {
    auto it = std::lower_bound(refusals.begin(), refusals.end(), std::make_pair(unit, -1.0));
    return it != refusals.end() && it->first == unit ? it->second : 0.0;
  }
  /// Of `linked` units, those that take `category` by jurisdiction: the ones owning it, else the
  /// general ones (owning nothing). Appended to `out`.
  void takers(const UnitId* linked, std::size_t n, CategoryId category, std::vector<UnitId>& out) const {
    const std::size_t start = out.size();
    for (std::size_t i = 0; i < n; ++i)
      if (owns(linked[i], category)) out.push_back(linked[i]);
    if (out.size() > start) return;
    for (std::size_t i = 0; i < n; ++i)
      if (!owns_any(linked[i])) out.push_back(linked[i]);
  }

  double horizon_hours() const { return run.horizon_days * core::kHoursPerDay; }
  double warmup_hours() const { return run.warmup_days * core::kHoursPerDay; }
  std::optional<CategoryId> find_category(const std::string& n) const;
  std::optional<RoleId> find_role(const std::string& n) const;
  /// Whether any role has duties (then time use is measured and reported).
  bool has_duties() const {
    for (const auto& r : roles)
      if (r.duties.any()) return true;
    return false;
  }
  /// Whether any meeting type has participants (then their hours are staff time).
  bool has_participants() const {
    for (const auto& m : meetings)
      if (!m.participants.empty()) return true;
    return false;
  }
  /// Whether staff time use is measured and reported: duties or meetings with participants.
  bool has_time_use() const { return has_duties() || has_participants(); }
  bool has_festering() const {
    for (const auto& c : categories)
      if (c.festering) return true;
    return false;
  }
  bool has_reopen() const {
    for (const auto& c : categories)
      if (c.reopen) return true;
    return false;
  }
  bool has_costs() const {
    for (const auto& r : roles)
      if (r.cost.wage_per_year > 0 || r.cost.hour_value > 0) return true;
    return false;
  }
  std::optional<int> find_level(const std::string& n) const;
};

/// Grids of about `households` households drawn across the units of `level` below each unit of
/// `within` (a higher level): its units of `level`, in unit order, are taken in turn into the
/// current grid, and a new grid starts when adding the next unit would take the grid further from
/// `households` than it is. Units are never split (one bigger than `households` is a grid alone)
/// and grids never cross a unit of `within`; units marked in `own` (their own staff entry for the
/// role) are left out. Fills, per unit, the first unit of its grid (graph::kNoUnit for units in
/// none) and, at a grid's first unit, its households.
void draw_grids(const graph::OrgGraph& org, int level, int within, double households, std::vector<UnitId>& grid_of,
                std::vector<std::uint64_t>& grid_hh, const std::vector<bool>& own = {});

}  // namespace govsim::model
