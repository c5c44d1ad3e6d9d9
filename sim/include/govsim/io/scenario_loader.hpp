#pragma once
// Scenario files: JSON (schema in scenarios/scenario.schema.json, prose in docs/scenario-format.md)
// → a validated model::Scenario. Every error is a ConfigError naming file, JSON path and expectation.
#include <cstdint>
#include <string>
#include <vector>

#include "govsim/io/json_reader.hpp"
#include "govsim/model/scenario.hpp"

namespace govsim::io {

inline constexpr int kSchemaVersion = 1;

/// The largest JSON file govsim reads (a scenario listing millions of units explicitly is still far below).
inline constexpr std::uintmax_t kMaxJsonFileBytes = std::uintmax_t{1} << 30;

/// Reads a JSON file with parse_json; a missing, unreadable or oversized file is a ConfigError too.
json read_json_file(const std::string& path);
/// Builds and validates a scenario from a parsed document. The policy is named, not looked up:
/// its parameters are checked when a study resolves it (plugin::resolve_policy).
model::Scenario load_scenario(const json& doc, const std::string& file);

/// Reads `path`, applies `--set` style overrides in order, then loads.
model::Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides = {});

/// What is valid but likely unintended, one message each with the file and JSON path: roles whose
/// duties take more working hours a week than their calendar gives (they will fall behind).
std::vector<std::string> scenario_warnings(const model::Scenario& sc);

}  // namespace govsim::io
