#pragma once
// Calibration: fit chosen scenario values (rates, success probabilities, ...) so that simulated
// yearly figures match reported ones, and check a scenario against such figures. Every evaluation
// runs the same replications on the same seed (common random numbers), so the objective is a
// deterministic function of the parameters; NLopt's derivative-free Subplex searches it within the
// given bounds.
#include <functional>
#include <string>
#include <vector>

#include "govsim/io/json_reader.hpp"
#include "govsim/model/runner.hpp"

namespace govsim::model {

/// A scenario value to fit: a JSON pointer (or dotted path) and its bounds.
struct FitParameter {
  std::string path;
  double low = 0, high = 0;
};

/// A reported figure: a metric's mean over the replications should be `value`. Fitted targets
/// enter the objective; held-out ones are predictions, checked within `tolerance` (relative), each
/// naming the null variant of the scenario that should miss it; figures the model does not
/// produce are listed as not modelled, with the reason.
struct FitTarget {
  std::string metric;  // empty for a figure not modelled without a metric
  double value = 0;
  bool has_value = true;     // false for a figure not modelled given without a value
  bool fit = true;
  bool modelled = true;      // "use": "not_modelled": listed, never run or compared
  double tolerance = 0.05;
  std::string source;        // where the figure comes from
  std::string null_variant;  // held out: the variant that turns its mechanism off
  std::string reason;        // not modelled: why; held out with "known_miss": why the model misses it
  bool known_miss = false;   // held out, and the model is known to miss it (reported, never a pass)
  bool at_least = false;     // a report's "N+" or "≫ N": within when at most `tolerance` below, however far above
};

/// A variant of the scenario named in a targets file: a null variant (the mechanism a held-out
/// figure is evidence for, switched off or degraded) or another reading of an ambiguous report.
/// `set` assigns values at JSON pointers of the scenario, like --set; null removes a member.
struct TargetVariant {
  std::string name, description;
  bool reading = false;  // "kind": "reading" (else "null")
  std::vector<std::pair<std::string, io::json>> set;
};

struct CalibrationSpec {
  std::string file;  // the targets file, for messages
  std::string description;
  std::vector<FitParameter> parameters;
  std::vector<FitTarget> targets;
  std::vector<TargetVariant> variants;
  int max_evaluations = 200;
};

/// Reads a targets file: {"description", "parameters": [{"path", "low", "high"}], "targets":
/// [{"metric", "value", "use": "fit"|"hold_out"|"not_modelled", "tolerance", "source", "null",
/// "reason"}], "variants": {NAME: {"description", "kind", "set": {POINTER: VALUE}}},
/// "max_evaluations"}. ConfigError naming the file and JSON path for anything wrong, including a
/// held-out figure without a null variant and a variant no figure or reading uses.
CalibrationSpec read_calibration_spec(const io::json& doc, const std::string& file);

struct TargetCheck {
  FitTarget target;
  core::Interval95 simulated;
  double relative_error = 0;  // (simulated mean - value) / value
  bool within = false;        // |relative_error| <= tolerance
};

/// Compares every modelled target with a run (not-modelled ones are left out); ConfigError if a
/// target names an unknown metric.
std::vector<TargetCheck> check_targets(const RunResult& run, const CalibrationSpec& spec);

/// What the fitted figures say about one fitted parameter, at the fit.
struct ParameterEstimate {
  double value = 0;
  /// 95% interval from the replications: the figures' means recomputed over 400 resamples of the
  /// replications, each refitted by the linearised model at the fit (Δx = −J⁺Δr). It measures how
  /// far the simulation's own noise moves the fit, not the reports' precision. NaN when the
  /// parameter is not determined.
  double low = 0, high = 0;
  /// How much the fitted figures move over the parameter's whole range: ‖∂r/∂x‖·(high − low), in
  /// relative errors (0.01 = one percent).
  double sensitivity = 0;
  bool at_bound = false;  // the fit stopped at `low` or `high` of the targets file
  /// "identified"; "not determined" (no fitted figure responds to it); or "confounded" (only a
  /// combination with `with` is determined: the figures respond to them together).
  std::string identifiability = "identified";
  std::vector<std::string> with;
};

struct CalibrationResult {
  io::json fitted;             // the scenario document with the fitted values
  std::vector<double> values;  // per parameter
  std::vector<TargetCheck> checks;
  int evaluations = 0;         // of the search (the sensitivities' runs are not counted)
  double objective = 0;        // sum over fitted targets of the squared relative error
  std::vector<ParameterEstimate> estimates;  // per parameter
  std::vector<double> singular_values;       // of the Jacobian scaled by the parameters' ranges
  bool reached = true;                       // every fitted figure within its tolerance
  bool stopped_at_max = false;               // the search used every evaluation allowed
  /// Why the fit did not reach its targets, one line each (empty when reached): the figures outside
  /// their tolerance, and the parameters stopped at a bound of the targets file.
  std::vector<std::string> not_reached;
};

/// Resolves the policy of a scenario (the caller's: plugin::resolve_policy for the CLI).
using PolicyResolver = std::function<PolicyFactory(const Scenario&)>;

/// Fits spec.parameters (starting from the scenario's own values) to the fitted targets, then
/// measures at the fit each figure's sensitivity to each parameter (central differences on common
/// random numbers, 2 runs a parameter), the parameters' intervals and their identifiability (the
/// singular values of the scaled Jacobian), and whether every fitted figure was reached. The
/// policy is options.policy if set and no parameter is one of the policy's own; else `resolve`
/// gives it, once, or once per evaluation when a parameter is one of its own (/policy/...).
CalibrationResult calibrate(const io::json& scenario_doc, const std::string& scenario_file, const CalibrationSpec& spec,
                            const PolicyResolver& resolve, const RunOptions& options = {});

}  // namespace govsim::model
