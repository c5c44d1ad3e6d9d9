#pragma once
// Writes a run's results: summary.json (aggregate with 95% CIs and every replication),
// issues.csv (per issue, when recorded) and timeseries.csv (backlog per level over time).
#include <filesystem>
#include <ostream>
#include <string>

#include "govsim/io/json_reader.hpp"
#include "govsim/model/calibrate.hpp"
#include "govsim/model/compare.hpp"
#include "govsim/model/runner.hpp"
#include "govsim/model/validation.hpp"

namespace govsim::io {

/// Makes an output folder (and its parents) if missing; an existing file of that name, or a folder
/// that cannot be made, is an Error saying so.
void make_output_dir(const std::string& directory);
/// Refuses, before any work, an output file path that is a folder or in a folder that does not exist.
void check_output_file(const std::filesystem::path& path);
/// Writes `text` to `path` (replacing a file, never a folder); an Error if it cannot be written.
void write_text_file(const std::filesystem::path& path, const std::string& text);
/// A JSON document as a file: indented by two, with a final newline.
void write_json_file(const std::filesystem::path& path, const json& doc);

json summary_json(const model::RunResult& result);
void write_results(const model::RunResult& result, const std::string& directory);
void write_issues_csv(const model::RunResult& result, std::ostream& out);
void write_timeseries_csv(const model::RunResult& result, std::ostream& out);
/// A short human summary (the lines `govsim run` prints).
void print_summary(const model::RunResult& result, std::ostream& out);

/// compare.json: every metric per policy, and the paired differences against the first policy.
json comparison_json(const model::ComparisonResult& result);
/// Writes compare.json, and each policy's summary.json and timeseries.csv in a folder named by its label.
void write_comparison(const model::ComparisonResult& result, const std::string& directory);
/// An Error when two of the labels would write to the same folder of a comparison's results.
void check_comparison_folders(const std::vector<std::string>& labels);
/// The table `govsim compare` prints.
void print_comparison(const model::ComparisonResult& result, std::ostream& out);
/// Reported figures against simulated ones (govsim check and calibrate): a line per target.
void print_target_checks(const std::vector<model::TargetCheck>& checks, std::ostream& out);
json target_checks_json(const std::vector<model::TargetCheck>& checks);
/// govsim check's table: every figure with its use, the null variant's figure for held-out ones
/// and the verdict; then the variants and, for readings, every figure under each.
void print_validation(const model::Validation& v, std::ostream& out);
/// govsim check --out: the figures with their verdicts, and every variant's figures.
json validation_json(const model::Validation& v);

}  // namespace govsim::io
