#pragma once
// Reading a policy's parameters inside its constructor, for plugins and built-ins alike. Header
// only (needs nlohmann/json): errors are ParamError with the JSON pointer of the bad value, which the
// study reports as "FILE: /policy/params/...: expected ...". Unknown keys are errors.
#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "govsim/json/reader.hpp"
#include "govsim/plugin/policy.hpp"

namespace govsim::plugin {

/// A policy's parameters, read with their JSON pointers (json_path::BasicReader: the same reader
/// as the scenario loader's), plus what only parameters need: names of the scenario's levels,
/// roles, meetings, calendars and categories, and per-category values.
class ParamReader : public json_path::BasicReader<ParamReader> {
 public:
  using json = json_path::Document;
  static constexpr const char* kKeyWord = "parameter";

  /// The parameters object of `setup`.
  static ParamReader parse(const PolicySetup& setup) {
    auto doc = std::make_shared<json>(json::parse(setup.params_json ? setup.params_json : "{}"));
    ParamReader r(doc, *doc, "");
    r.object();
    return r;
  }

  [[noreturn]] void fail_at(const std::string& path, const std::string& expected) const { throw ParamError(path, expected); }
  ParamReader make(const json& node, std::string path) const { return ParamReader(doc_, node, std::move(path)); }

  /// Requires an object whose keys are all in `allowed`.
  const ParamReader& only(std::initializer_list<std::string_view> allowed) const { return object(allowed); }
  const ParamReader& only(const std::vector<std::string_view>& allowed) const { return object(allowed); }

  /// A level name from the scenario, as its index (0 = top).
  int level(const PolicySetup& setup) const {
    const std::string name = string();
    for (int i = 0; i < setup.level_count; ++i)
      if (name == setup.level_names[i]) return i;
    fail("expected one of the levels listed in /levels, got '" + name + "'");
  }
  /// A role name from the scenario's /staff, as its id.
  RoleId role(const PolicySetup& setup) const {
    const std::string name = string();
    for (std::size_t i = 0; i < setup.role_count; ++i)
      if (name == setup.role_names[i]) return static_cast<RoleId>(i);
    fail("expected a role defined in /staff, got '" + name + "'");
  }
  /// A meeting type name from the scenario's /meetings, as its index.
  std::uint32_t meeting(const PolicySetup& setup) const {
    const std::string name = string();
    for (std::size_t i = 0; i < setup.meeting_count; ++i)
      if (name == setup.meeting_names[i]) return static_cast<std::uint32_t>(i);
    fail("expected a meeting type defined in /meetings, got '" + name + "'");
  }
  /// A calendar name for timers: -1 for "always" (wall clock), else its index in
  /// PolicySetup::calendar_names (where 0 is "always"), as Action::with_timer takes it.
  int calendar(const PolicySetup& setup) const {
    const std::string name = string();
    if (name == "always") return -1;
    for (std::size_t i = 0; i < setup.calendar_count; ++i)
      if (name == setup.calendar_names[i]) return static_cast<int>(i);
    fail("expected 'always' or a calendar from /calendars, got '" + name + "'");
  }
  /// A category name from the scenario's /demand/categories, as its id.
  CategoryId category(const PolicySetup& setup) const {
    const std::string name = string();
    for (std::size_t i = 0; i < setup.category_count; ++i)
      if (name == setup.category_names[i]) return static_cast<CategoryId>(i);
    fail("expected a category from /demand/categories, got '" + name + "'");
  }
  /// A value per category: one value for all, or {"default": value, "<category>": value, ...}
  /// where a category named explicitly wins over "default". `read` parses one value.
  template <class T, class Read>
  std::vector<T> per_category(const PolicySetup& setup, T fallback, Read read) const {
    std::vector<T> out(setup.category_count, fallback);
    if (!value().is_object()) {
      out.assign(out.size(), read(*this));
      return out;
    }
    if (auto d = find("default")) out.assign(out.size(), read(*d));
    for (const auto& key : keys()) {  // null members are left out: absent
      if (key == "default") continue;
      const ParamReader entry = make(value().at(key), path() + "/" + json_path::pointer_token(key));
      std::size_t c = 0;
      while (c < setup.category_count && key != setup.category_names[c]) ++c;
      if (c == setup.category_count) entry.fail("expected 'default' or a category from /demand/categories as key, got '" + key + "'");
      out[c] = read(entry);
    }
    return out;
  }

 private:
  ParamReader(std::shared_ptr<const json> doc, const json& node, std::string path)
      : BasicReader(node, std::move(path)), doc_(std::move(doc)) {}
  std::shared_ptr<const json> doc_;  // keeps the parsed parameters alive for every reader into them
};

}  // namespace govsim::plugin
