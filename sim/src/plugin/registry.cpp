#include "govsim/plugin/registry.hpp"

#include "govsim/error.hpp"

namespace govsim::plugin {

const std::vector<PolicyInfo>& builtin_policies() {
  static const std::vector<PolicyInfo> policies = {tiered_policy_info()};
  return policies;
}

const PolicyInfo& find_policy(const std::string& name) {
  std::string known;
  for (const auto& p : builtin_policies()) {
    if (p.name == name) return p;
    known += (known.empty() ? "" : ", ") + p.name;
  }
  throw PluginError("unknown policy '" + name + "'; known policies: " + known);
}

}  // namespace govsim::plugin
