#pragma once
#include <string>
#include <vector>

#include "govsim/io/results_writer.hpp"
#include "govsim/io/scenario_loader.hpp"
#include "govsim/error.hpp"
#include "govsim/model/calibrate.hpp"
#include "govsim/model/compare.hpp"
#include "govsim/model/engine.hpp"
#include "govsim/model/runner.hpp"
#include "govsim/plugin/registry.hpp"

namespace govsim::test {

inline std::string source_path(const std::string& rel) { return std::string(GOVSIM_SOURCE_DIR) + "/" + rel; }

/// A scenario file as a study loads it: read, overridden, validated, its policy resolved (so a bad
/// policy parameter fails here, as it does in the CLI).
inline model::Scenario load(const std::string& rel, const std::vector<std::string>& overrides = {}) {
  auto sc = io::load_scenario_file(source_path(rel), overrides);
  (void)plugin::resolve_policy(sc);
  return sc;
}

/// A parsed scenario document as a study loads it (see load()).
inline model::Scenario load_study(const io::json& doc, const std::string& file) {
  auto sc = io::load_scenario(doc, file);
  (void)plugin::resolve_policy(sc);
  return sc;
}

/// The ConfigError a scenario document is refused with as a study loads it, or "no error".
inline std::string load_error(const io::json& doc, const std::string& file) {
  try {
    (void)load_study(doc, file);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

/// Kenli's policy before its process: tiered with its first-line parameters.
inline const std::string kKenliTiered =
    R"(/policy={"name": "tiered", "params": {"max_attempts_per_unit": 2, "assess_before_handling": true}})";

/// Kenli's organisation, staff and demand under plain `tiered` from day 0 (no warm-up): the setting
/// the engine and policy tests compare against. `overrides` apply after these two.
inline model::Scenario load_kenli_tiered(const std::vector<std::string>& overrides = {}) {
  std::vector<std::string> o = {kKenliTiered, "/run/warmup_days=0"};
  o.insert(o.end(), overrides.begin(), overrides.end());
  return load("scenarios/kenli.json", o);
}

inline model::RunResult run(const model::Scenario& sc, std::uint32_t threads = 2, bool record = false) {
  model::RunOptions opt;
  opt.policy = plugin::resolve_policy(sc);
  opt.threads = threads;
  opt.record_issues = record;
  return model::run(sc, opt);
}

/// Each policy resolved, then compared on common random numbers.
inline model::ComparisonResult compare(const model::Scenario& sc, const std::vector<model::PolicySpec>& specs,
                                       const model::RunOptions& options = {}) {
  std::vector<model::PolicyFactory> policies;
  for (const auto& s : specs) policies.push_back(plugin::resolve_policy(sc, s));
  return model::compare(sc, policies, options);
}

/// How a study resolves a scenario's policy (for calibrate).
inline model::PolicyResolver resolver() {
  return [](const model::Scenario& s) { return plugin::resolve_policy(s); };
}

/// A run's summary.json without its wall-clock time: equal for equal results.
inline std::string summary_text(const model::RunResult& r) {
  auto j = io::summary_json(r);
  j.erase("wall_seconds");
  return j.dump();
}

/// The ModelError that replication 0 of `sc` under `policy` stops with, or "no error".
inline std::string model_error(const model::Scenario& sc, plugin::Policy& policy) {
  try {
    model::run_replication(sc, policy, 0);
  } catch (const ModelError& e) {
    return e.what();
  }
  return "no error";
}

/// Per-replication values of one metric.
inline std::vector<double> per_rep(const model::RunResult& r, const std::string& name) {
  std::vector<double> out;
  for (const auto& rep : r.replications)
    for (const auto& [n, v] : rep.metrics(r.names()))
      if (n == name) out.push_back(v);
  return out;
}

}  // namespace govsim::test
