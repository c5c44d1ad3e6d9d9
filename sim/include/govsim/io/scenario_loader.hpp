#pragma once
// Scenario files: JSON (schema in scenarios/scenario.schema.json, prose in docs/scenario-format.md)
// → a validated model::Scenario. Every error is a ConfigError naming file, JSON path and expectation.
#include <string>
#include <vector>

#include "govsim/io/json_reader.hpp"
#include "govsim/model/scenario.hpp"

namespace govsim::io {

inline constexpr int kSchemaVersion = 1;

/// Reads a JSON file; a missing file or a syntax error is a ConfigError.
json read_json_file(const std::string& path);
/// Builds and validates a scenario (including the policy's parameters) from a parsed document.
model::Scenario load_scenario(const json& doc, const std::string& file);
/// Parses a policy given on the command line: "[LABEL=]NAME[:JSON-OBJECT-OF-PARAMETERS]", e.g.
/// `tiered`, `community=tiered:{"start_level": "community"}`. Throws ConfigError naming the option.
/// A variant of the scenario's own policy starts from the scenario's parameters, and the given ones
/// replace those they name (a JSON merge patch); another policy gets exactly the given parameters.
model::PolicySpec parse_policy_option(const std::string& text, const model::Scenario& scenario);

/// Reads `path`, applies `--set` style overrides in order, then loads.
model::Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides = {});

}  // namespace govsim::io
