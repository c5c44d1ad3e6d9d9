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
/// Builds and validates a scenario (including the policy's parameters) from a parsed document.
model::Scenario load_scenario(const json& doc, const std::string& file);
/// Parses a policy given on the command line: "[LABEL=]NAME[:JSON-OBJECT-OF-PARAMETERS]", e.g.
/// `tiered`, `community=tiered:{"start_level": "community"}`. Throws ConfigError naming the option.
/// Parameters start from the scenario's policy: all of them for a variant of the same policy, and
/// for another policy those it documents under the same name (so `tiered`'s settings carry over to
/// the policies built on it); the given ones then replace those they name (a JSON merge patch).
model::PolicySpec parse_policy_option(const std::string& text, const model::Scenario& scenario);

/// The policy `name` for comparison with the scenario's own: parameters carried over as above.
model::PolicySpec policy_for_comparison(const std::string& name, const model::Scenario& scenario);

/// Reads `path`, applies `--set` style overrides in order, then loads.
model::Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides = {});

}  // namespace govsim::io
