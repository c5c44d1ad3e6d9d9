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
/// Reads `path`, applies `--set` style overrides in order, then loads.
model::Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides = {});

}  // namespace govsim::io
