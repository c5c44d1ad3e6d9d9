#pragma once
// The `process` policy: a policy composed in the scenario from stages — each stage a policy (built
// in, a plugin on the search path, or a Python object) with its own parameters — and routes that
// triage an issue, each time it arrives at a unit, by the unit's level and the category,
// assessed severity and consent attributes, to a sequence of stages at that unit. A stage that is
// done with the issue answers pass_on(): the next stage of the route takes it; after the last, the
// unit above (the top unit closes it). Optional `evaluation` and `sla` stages decide every resident
// evaluation and SLA event. docs/policies.md, "Composed processes".
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "govsim/plugin/policy.hpp"

namespace govsim::plugin {

/// Stages the caller makes rather than govsim finds by name (Python objects): a stage
/// {"python": "NAME"} takes the factory given under NAME.
using StageFactories = std::map<std::string, std::function<std::shared_ptr<Policy>()>>;

/// The process policy's description (name, parameters), listed among the built-in policies.
const PluginInfo& process_info();

/// A process for `setup` (its params_json holds the process's parameters), with `external`
/// stages. ParamError naming the JSON path inside the parameters for bad input.
std::unique_ptr<Policy> make_process(const PolicySetup& setup, const StageFactories& external);

}  // namespace govsim::plugin
