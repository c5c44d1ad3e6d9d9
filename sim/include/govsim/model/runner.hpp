#pragma once
// Replications of one scenario under one policy, spread over threads. Each replication draws only
// from its own streams and results are stored by replication index, so any thread count gives
// bit-identical numbers.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "govsim/model/results.hpp"
#include "govsim/model/scenario.hpp"
#include "govsim/plugin/policy.hpp"

namespace govsim::model {

/// The policy of a study: a new object per replication, named `label` in results. Whoever builds
/// the study resolves it once (plugin::resolve_policy, for a built-in policy or a plugin library;
/// the Python package wraps its own objects) and passes the factory in: the model never looks a
/// policy up.
struct PolicyFactory {
  std::string label;
  /// Makes one policy for a replication of `scenario`, the one being run: a policy sees that
  /// scenario's organisation while it is made, whichever scenario the factory was resolved from
  /// (calibrate and staff resolve once and run many variants of it).
  std::function<std::shared_ptr<plugin::Policy>(const Scenario& scenario)> make;
};

struct RunOptions {
  std::uint32_t threads = 1;  // 0 = hardware concurrency
  bool record_issues = false;
  /// Called from the calling thread about five times a second with (fraction done 0..1).
  std::function<void(double)> progress;
  /// The policy (required). Runs of several policies on one scenario see the same demand and
  /// streams: common random numbers.
  PolicyFactory policy;
  /// Polled from the calling thread about every 10 ms while the run goes on; returning true stops
  /// the run (no new replication starts, running ones stop within a few thousand events) and
  /// run() throws Interrupted. For Ctrl-C in Python.
  std::function<bool()> interrupted;
};

struct RunResult {
  std::string scenario;
  std::string policy;
  std::uint64_t seed = 0;
  std::vector<std::string> level_names;
  std::vector<std::string> role_names;
  std::vector<std::string> category_names;
  std::vector<std::string> meeting_names;
  std::vector<std::string> unit_names;  // filled only when issues are recorded
  std::vector<int> unit_levels;         // likewise
  int grassroots_level = 0;
  std::vector<ReplicationResult> replications;
  std::vector<MetricSummary> summary;
  double wall_seconds = 0;
  std::uint64_t events = 0;

  const MetricSummary& metric(const std::string& name) const;  // throws Error if absent
  const MetricSummary* find_metric(const std::string& name) const;  // nullptr if absent
  MetricNames names() const { return {level_names, role_names, category_names, meeting_names, grassroots_level}; }
};

/// Issues a replication is expected to create: households × rates × horizon, surges included.
double expected_issues_per_replication(const Scenario& scenario);

/// The memory a run may use: three quarters of the machine's physical memory.
std::uint64_t memory_budget_bytes();

/// Runs scenario.run.replications replications under options.policy. Before it starts, a run
/// whose size cannot fit (issue ids, the per-issue table in memory) is refused with a ConfigError
/// that says what to lower; while it runs, a replication whose open issues outgrow its share of
/// memory stops the same way.
RunResult run(const Scenario& scenario, const RunOptions& options = {});

}  // namespace govsim::model
