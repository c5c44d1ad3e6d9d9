#pragma once
// Runs one replication of a scenario under one policy: the event loop and the issue lifecycle.
#include <atomic>
#include <cstdint>
#include <memory>

#include "govsim/model/results.hpp"
#include "govsim/model/scenario.hpp"
#include "govsim/plugin/policy.hpp"

namespace govsim::model {

struct EngineOptions {
  bool record_issues = false;
  /// If set, the engine stores its progress (simulated fraction of the horizon) here now and then.
  std::atomic<double>* progress = nullptr;
  /// How messages name the policy (default: the scenario's policy name).
  std::string policy_label;
  /// Memory this replication may fill with issues (open issues and, if recorded, issue rows);
  /// beyond it the run stops with a ConfigError saying what to lower.
  std::uint64_t memory_budget_bytes = UINT64_MAX;
  /// If set and true, the replication stops with Interrupted (checked every few thousand events).
  const std::atomic<bool>* stop = nullptr;
};

/// Simulates replication `replication` of `scenario` with `policy`. Throws ModelError when an
/// invariant breaks (conservation) or the policy asks for something impossible; the message names
/// the policy, the issue and the simulation time.
ReplicationResult run_replication(const Scenario& scenario, plugin::Policy& policy, std::uint32_t replication,
                                  const EngineOptions& options = {});

}  // namespace govsim::model
