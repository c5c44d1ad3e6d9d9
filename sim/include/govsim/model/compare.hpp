#pragma once
// Paired comparison of policies on one scenario. Every policy runs the same replications on the same
// random streams (common random numbers: arrivals, service, outcomes and evaluations draw from
// separate keyed streams), so per-replication differences isolate the policies' effect.
#include <string>
#include <vector>

#include "govsim/model/runner.hpp"

namespace govsim::model {

struct ComparisonResult {
  std::vector<RunResult> runs;  // one per policy, the first is the baseline
  /// differences[i - 1]: runs[i] minus runs[0], replication by replication, metric by metric
  /// (mean and 95% CI of the paired differences).
  std::vector<std::vector<MetricSummary>> differences;
};

/// Runs each policy (resolved by the caller, so a bad one fails before any simulation);
/// options.policy is ignored. An Error if two policies have the same label.
ComparisonResult compare(const Scenario& scenario, const std::vector<PolicyFactory>& policies,
                         const RunOptions& options = {});

}  // namespace govsim::model
