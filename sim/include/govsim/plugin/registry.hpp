#pragma once
// Where policies are found by name. Built-in policies are registered here explicitly (no static
// initialisers that a static link could drop).
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "govsim/model/scenario.hpp"
#include "govsim/plugin/policy.hpp"

namespace govsim::plugin {

struct ParamDoc {
  std::string name;
  std::string type;
  std::string default_value;
  std::string description;
};

/// Creates a policy for the scenario (its levels, roles, categories) with `spec`'s parameters.
/// Invalid parameters throw ConfigError naming the file (spec.source, else the scenario's) and the
/// JSON path of the bad value.
using PolicyFactory = std::function<std::unique_ptr<Policy>(const model::Scenario&, const model::PolicySpec&)>;

struct PolicyInfo {
  std::string name;
  std::string version;
  std::string summary;
  std::vector<ParamDoc> params;
  PolicyFactory create;
};

/// The built-in policies.
const std::vector<PolicyInfo>& builtin_policies();
/// Finds a policy by name; throws PluginError listing the known names if absent.
const PolicyInfo& find_policy(const std::string& name);

/// Defined by each built-in policy's translation unit.
PolicyInfo tiered_policy_info();

}  // namespace govsim::plugin
