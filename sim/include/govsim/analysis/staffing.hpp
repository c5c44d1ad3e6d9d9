#pragma once
// The staffing solver (govsim staff): the fewest staff of one role — equivalently the most
// households per worker — that meets every service target with a stated confidence.
//
// It starts from the analytic estimate (square-root staffing of each unit's offered load, from
// govsim analyze's model), then searches the role's staffing ladder by simulation. Every candidate
// runs the same replications on the same streams (common random numbers). A candidate is decided
// by a sequential rule: replications are added (doubling) until, for every target, a one-sided
// Student-t bound at the stated confidence (Bonferroni over the targets) falls on one side of the
// target. Only a candidate that meets every target this way is reported; one still undecided at the
// replication cap counts as not meeting it. Ties and noise therefore push the answer towards more
// staff. The confidence is per test: it is not corrected for the repeated looks (at most
// log2(max/initial) + 1) nor for the number of levels the search tries.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "govsim/core/stats.hpp"
#include "govsim/io/json_reader.hpp"
#include "govsim/model/runner.hpp"
#include "govsim/model/scenario.hpp"

namespace govsim::analysis {

/// A service target: a metric of the results (summary.json's names, or an alias such as
/// p90_time_to_resolve), a bound and a direction. Units: h, d (24 h), w (168 h) or %.
struct StaffTarget {
  std::string text;    // as given
  std::string metric;  // the results' metric name
  bool at_most = true; // "<=" (else ">=")
  double value = 0;
};

/// Parses "p90_time_to_resolve<=72h", "sla_compliance>=90%", "mean_wait_hours<=0.5". Throws
/// govsim::Error naming the text and what was expected.
StaffTarget parse_staff_target(const std::string& text);

struct StaffOptions {
  std::string role;
  std::vector<StaffTarget> targets;
  double confidence = 0.95;      // per reported level, over all its targets
  std::uint32_t initial_reps = 4;
  std::uint32_t max_reps = 32;
  std::uint32_t threads = 1;
  model::PolicyFactory policy;  // required: the policy the runs use (plugin::resolve_policy)
  std::function<bool()> interrupted;  // as model::RunOptions::interrupted
  double beta = 1.0;             // square-root staffing quality of the analytic start
  // per_households roles: the range of households per worker searched (0 = automatic).
  double min_households = 0, max_households = 0;
  // count roles: the range of staff per unit searched (0 = automatic).
  std::uint32_t max_per_unit = 0;
  int curve_points = 8;          // extra points on the curve (spread over the ladder)
};

struct StaffPoint {
  double setting = 0;            // per_households value, count per unit, or grid_households (grid roles with a count)
  std::uint64_t staff = 0;       // the role's staff in the scenario
  double households_per_worker = 0;
  std::uint32_t replications = 0;
  std::vector<core::Interval95> metrics;  // per target
  std::vector<int> verdicts;     // per target: +1 met, -1 missed, 0 undecided (at the confidence)
  bool feasible = false;         // every target met
  std::string failure;           // the model stopped this staffing (e.g. a unit left without staff)
};

struct StaffResult {
  std::string scenario, policy, role;
  bool per_households = false;   // the role's rule: per_households (else count per unit)
  bool grid = false;             // a role drawn in grids with a count per grid: the grids' size is varied
  std::size_t units = 0;         // units holding the role
  std::uint64_t households = 0;  // households under those units
  std::vector<StaffTarget> targets;
  double confidence = 0;
  std::uint64_t analytic_staff = 0;    // square-root staffing of the analytic model
  double analytic_setting = 0;
  std::optional<StaffPoint> best;      // the fewest staff meeting every target
  std::optional<StaffPoint> next_fewer;  // the ladder's next step down, shown not to (if any)
  std::vector<StaffPoint> points;      // every level evaluated, by households per worker
  std::string note;                    // why there is no answer, or what bounds it
};

/// Solves on a scenario document (re-loaded with each candidate's staffing rule, so per_households
/// rounding, minimums and the policy apply as in a run). Throws ConfigError for a role that is not
/// placed by a level rule, and govsim::Error for targets naming no metric.
StaffResult solve_staffing(const io::json& scenario_doc, const std::string& file, const StaffOptions& options);

std::string format(const StaffResult& result);
nlohmann::ordered_json to_json(const StaffResult& result);

}  // namespace govsim::analysis
