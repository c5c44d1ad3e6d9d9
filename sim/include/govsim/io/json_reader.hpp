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
#include "govsim/json/reader.hpp"

namespace govsim::io {

using json = nlohmann::ordered_json;

/// A scenario document (or a targets file) read with paths: json_path::BasicReader, failing with a
/// ConfigError that names the file.
class JsonReader : public ::govsim::json_path::BasicReader<JsonReader> {
 public:
  static constexpr const char* kKeyWord = "key";
  JsonReader(const json& value, std::string file, std::string path = "")
      : BasicReader(value, std::move(path)), file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  [[noreturn]] void fail_at(const std::string& path, const std::string& expected) const;
  JsonReader make(const json& node, std::string path) const { return JsonReader(node, file_, std::move(path)); }

  /// Optional members with defaults.
  double number_or(std::string_view key, double fallback) const;
  std::string string_or(std::string_view key, const std::string& fallback) const;
  bool boolean_or(std::string_view key, bool fallback) const;

 private:
  std::string file_;
};

/// How deep objects and arrays may nest in any JSON govsim reads (scenarios, targets, parameters).
inline constexpr std::size_t kMaxJsonDepth = 64;

/// Parses JSON text strictly: nesting at most kMaxJsonDepth deep, each key once per object, numbers
/// finite. Any failure is a ConfigError naming `file` and the JSON pointer where the text went wrong.
json parse_json(std::string_view text, const std::string& file);

using json_path::excerpt;
using json_path::pointer_token;

/// Parses {"dist": "exponential", "mean": 2} and its siblings (see docs/scenario-format.md).
core::Distribution parse_distribution(const JsonReader& r);

/// A JSON pointer ("/run/seed") as given, or a dotted path ("run.seed") as its pointer's text.
std::string pointer_text(const std::string& path);

/// Applies "PATH=VALUE" to a JSON document. PATH is a JSON pointer ("/run/seed") or dotted
/// ("run.seed"); VALUE is parsed as JSON, else taken as a string. Throws ConfigError.
void apply_override(json& doc, const std::string& assignment, const std::string& file);

/// Sets `value` at the JSON pointer `path` of `doc`, as --set does: into an existing object, or at
/// an existing index (or "-", to append) of an existing array. Throws ConfigError(file, path, ...).
void set_at_pointer(json& doc, const std::string& path, json value, const std::string& file);

}  // namespace govsim::io
