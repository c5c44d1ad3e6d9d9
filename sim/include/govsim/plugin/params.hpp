#pragma once
// Reading a policy's parameters inside its constructor, for plugins and built-ins alike. Header
// only (needs nlohmann/json): errors are ParamError with the JSON pointer of the bad value, which the
// loader reports as "FILE: /policy/params/...: expected ...". Unknown keys are errors.
#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "govsim/plugin/policy.hpp"

namespace govsim::plugin {

class ParamReader {
 public:
  using json = nlohmann::ordered_json;

  /// The parameters object of `setup`.
  static ParamReader parse(const PolicySetup& setup) {
    auto doc = std::make_shared<json>(json::parse(setup.params_json ? setup.params_json : "{}"));
    ParamReader r(doc, doc.get(), "");
    r.object();
    return r;
  }

  const json& value() const { return *node_; }
  const std::string& path() const { return path_; }
  [[noreturn]] void fail(const std::string& expected) const { throw ParamError(path_, expected); }
  /// A value as messages quote it: never more than about 60 characters of it.
  static std::string brief(const json& v) {
    if (v.is_array()) return "an array";
    if (v.is_object()) return "an object";
    const std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
    if (s.size() <= 60) return s;
    std::size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    return s.substr(0, cut) + "...";
  }

  const ParamReader& object() const {
    if (!node_->is_object()) fail("expected an object");
    return *this;
  }
  /// Requires an object whose keys are all in `allowed`.
  const ParamReader& only(std::initializer_list<std::string_view> allowed) const {
    return only(std::vector<std::string_view>(allowed));
  }
  const ParamReader& only(const std::vector<std::string_view>& allowed) const {
    object();
    for (auto it = node_->begin(); it != node_->end(); ++it) {
      bool ok = false;
      for (auto a : allowed) ok = ok || a == it.key();
      if (ok) continue;
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      child(it.key()).fail("unknown parameter '" + it.key() + "'; expected one of: " + list);
    }
    return *this;
  }
  std::optional<ParamReader> find(std::string_view key) const {
    object();
    auto it = node_->find(key);
    if (it == node_->end() || it->is_null()) return std::nullopt;
    return child(std::string(key));
  }
  std::vector<std::string> keys() const {
    object();
    std::vector<std::string> out;
    for (auto it = node_->begin(); it != node_->end(); ++it) out.push_back(it.key());
    return out;
  }
  double number_in(double low, double high) const {
    if (!node_->is_number()) fail("expected a number, got " + brief(*node_));
    const double x = node_->get<double>();
    if (!(x >= low && x <= high))
      fail("expected a number from " + trim(low) + " to " + trim(high) + ", got " + brief(*node_));
    return x;
  }
  /// A number > 0 (and at most `high`).
  double positive(double high) const {
    if (!node_->is_number()) fail("expected a number, got " + brief(*node_));
    const double x = node_->get<double>();
    if (!(x > 0 && x <= high)) fail("expected a number > 0 and at most " + trim(high) + ", got " + brief(*node_));
    return x;
  }
  long long integer(long long low, long long high) const {
    if (!node_->is_number_integer()) fail("expected an integer, got " + brief(*node_));
    const long long x = node_->get<long long>();
    if (x < low || x > high)
      fail("expected an integer from " + std::to_string(low) + " to " + std::to_string(high) + ", got " + brief(*node_));
    return x;
  }
  bool boolean() const {
    if (!node_->is_boolean()) fail("expected true or false, got " + brief(*node_));
    return node_->get<bool>();
  }
  std::string string() const {
    if (!node_->is_string()) fail("expected a string, got " + brief(*node_));
    return node_->get<std::string>();
  }
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
  /// The elements of an array.
  std::vector<ParamReader> items() const {
    if (!node_->is_array()) fail("expected an array, got " + brief(*node_));
    std::vector<ParamReader> out;
    for (std::size_t i = 0; i < node_->size(); ++i)
      out.push_back(ParamReader(doc_, &(*node_)[i], path_ + "/" + std::to_string(i)));
    return out;
  }
  /// A value per category: one value for all, or {"default": value, "<category>": value, ...}
  /// where a category named explicitly wins over "default". `read` parses one value.
  template <class T, class Read>
  std::vector<T> per_category(const PolicySetup& setup, T fallback, Read read) const {
    std::vector<T> out(setup.category_count, fallback);
    if (!node_->is_object()) {
      out.assign(out.size(), read(*this));
      return out;
    }
    if (auto d = find("default")) out.assign(out.size(), read(*d));
    for (const auto& key : keys())
      if (key != "default") out[child(key).key_category(setup, key)] = read(child(key));
    return out;
  }

 private:
  ParamReader(std::shared_ptr<const json> doc, const json* node, std::string path)
      : doc_(std::move(doc)), node_(node), path_(std::move(path)) {}
  std::size_t key_category(const PolicySetup& setup, const std::string& key) const {
    for (std::size_t c = 0; c < setup.category_count; ++c)
      if (key == setup.category_names[c]) return c;
    fail("expected 'default' or a category from /demand/categories as key, got '" + key + "'");
  }
  ParamReader child(const std::string& key) const {
    std::string escaped;
    for (char c : key) escaped += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    return ParamReader(doc_, &(*node_)[key], path_ + "/" + escaped);
  }
  static std::string trim(double x) {
    std::string s = std::to_string(x);
    while (s.size() > 1 && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }
  std::shared_ptr<const json> doc_;
  const json* node_;
  std::string path_;
};

}  // namespace govsim::plugin
