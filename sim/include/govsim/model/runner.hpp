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

struct RunOptions {
  std::uint32_t threads = 1;  // 0 = hardware concurrency
  bool record_issues = false;
  /// Called from the calling thread about five times a second with (fraction done 0..1).
  std::function<void(double)> progress;
  /// Run this policy instead of the scenario's (same demand and streams: common random numbers).
  std::optional<PolicySpec> policy;
  /// Or a policy object made here, one per replication (e.g. a Python policy), named `policy_label`.
  std::function<std::shared_ptr<plugin::Policy>()> policy_factory;
  std::string policy_label;
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

/// Runs scenario.run.replications replications of the scenario's policy.
RunResult run(const Scenario& scenario, const RunOptions& options = {});

}  // namespace govsim::model
