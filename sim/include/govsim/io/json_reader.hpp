#pragma once
// Reads a JSON document while tracking where it is, so every error can name the file, the JSON
// pointer (RFC 6901) and what was expected. Unknown keys are errors: a typo must not silently
// fall back to a default.
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "govsim/core/distribution.hpp"

namespace govsim::io {

using json = nlohmann::ordered_json;

class JsonReader {
 public:
  JsonReader(const json& value, std::string file, std::string path = "")
      : value_(&value), file_(std::move(file)), path_(std::move(path)) {}

  const json& value() const { return *value_; }
  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }
  [[noreturn]] void fail(const std::string& expected) const;

  bool has(std::string_view key) const;
  /// A required member of an object.
  JsonReader at(std::string_view key) const;
  /// An optional member; nullopt if absent (a null value counts as absent).
  std::optional<JsonReader> find(std::string_view key) const;
  JsonReader at(std::size_t index) const;
  std::size_t size() const { return value_->size(); }
  /// Requires an object whose keys are all in `allowed`.
  const JsonReader& object(std::initializer_list<std::string_view> allowed) const;
  const JsonReader& object() const;
  const JsonReader& array() const;
  std::vector<std::string> keys() const;

  double number() const;
  double number_in(double low, double high) const;  // inclusive
  double positive() const;                          // > 0
  double non_negative() const;
  std::int64_t integer(std::int64_t low, std::int64_t high) const;
  std::string string() const;
  bool boolean() const;
  std::vector<double> numbers() const;

  /// Optional members with defaults.
  double number_or(std::string_view key, double fallback) const;
  std::string string_or(std::string_view key, const std::string& fallback) const;
  bool boolean_or(std::string_view key, bool fallback) const;

 private:
  const json* value_;
  std::string file_;
  std::string path_;
};

/// How deep objects and arrays may nest in any JSON govsim reads (scenarios, targets, parameters).
inline constexpr std::size_t kMaxJsonDepth = 64;

/// Parses JSON text strictly: nesting at most kMaxJsonDepth deep, each key once per object, numbers
/// finite. Any failure is a ConfigError naming `file` and the JSON pointer where the text went wrong.
json parse_json(std::string_view text, const std::string& file);

/// A short, printable form of a value for messages: at most about 60 characters, never the whole
/// of a large value, invalid UTF-8 shown as \xNN.
std::string excerpt(const json& value);

/// Parses {"dist": "exponential", "mean": 2} and its siblings (see docs/scenario-format.md).
core::Distribution parse_distribution(const JsonReader& r);

/// Applies "PATH=VALUE" to a JSON document. PATH is a JSON pointer ("/run/seed") or dotted
/// ("run.seed"); VALUE is parsed as JSON, else taken as a string. Throws ConfigError.
void apply_override(json& doc, const std::string& assignment, const std::string& file);

}  // namespace govsim::io
