#pragma once
// Reading JSON with its path: one reader for the scenario loader (io::JsonReader) and for the
// policies' parameters (plugin::ParamReader). It walks a document while tracking the JSON pointer
// (RFC 6901) of where it is, so every failure names the value and what was expected; unknown keys
// are errors, so a typo never falls back to a default. Header only: plugins build against it.
// The derived reader says how a failure is thrown (`fail_at(path, expected)`), what an unknown key
// is called, and how it makes a reader for a member (`make(node, path)`).
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "govsim/text.hpp"

namespace govsim::json_path {

using Document = nlohmann::ordered_json;

/// A JSON pointer's reference token for `key` ('~' and '/' escaped).
inline std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

/// A short, printable form of a value for messages: at most about 60 characters, never the whole
/// of a large value, invalid UTF-8 shown as \xNN.
inline std::string excerpt(const Document& value) {
  if (value.is_array()) return "an array of " + std::to_string(value.size()) + " entries";
  if (value.is_object()) return "an object of " + std::to_string(value.size()) + " members";
  if (value.is_string()) return "\"" + printable(value.get_ref<const std::string&>(), 60) + "\"";
  return value.dump();  // a number, boolean or null: short
}

/// A bound as messages write it: whole numbers in full (1000000, not 1e+06), others as C++ prints them.
inline std::string number_text(double x) {
  if (std::floor(x) == x && std::abs(x) < 1e15) return std::to_string(static_cast<long long>(x));
  std::ostringstream os;
  os << x;
  return os.str();
}

/// What a value is, for "expected X, got Y".
inline std::string type_name(const Document& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "the number " + excerpt(v);
  if (v.is_string()) return "the string " + excerpt(v);
  if (v.is_array()) return "an array";
  return "an object";
}

template <class Derived>
class BasicReader {
 public:
  const Document& value() const { return *node_; }
  const std::string& path() const { return path_; }
  [[noreturn]] void fail(const std::string& expected) const { self().fail_at(path_, expected); }

  bool has(std::string_view key) const { return node_->is_object() && node_->contains(key) && !(*node_)[std::string(key)].is_null(); }
  /// A required member of an object.
  Derived at(std::string_view key) const {
    object();
    auto it = node_->find(key);
    if (it == node_->end() || it->is_null()) fail("expected a member '" + std::string(key) + "'");
    return self().make(*it, path_ + "/" + pointer_token(key));
  }
  /// An optional member; nullopt if absent (a null value counts as absent).
  std::optional<Derived> find(std::string_view key) const {
    object();
    auto it = node_->find(key);
    if (it == node_->end() || it->is_null()) return std::nullopt;
    return self().make(*it, path_ + "/" + pointer_token(key));
  }
  Derived at(std::size_t index) const {
    array();
    if (index >= node_->size()) fail("expected at least " + std::to_string(index + 1) + " entries");
    return self().make((*node_)[index], path_ + "/" + std::to_string(index));
  }
  std::size_t size() const { return node_->size(); }
  /// The elements of an array.
  std::vector<Derived> items() const {
    array();
    std::vector<Derived> out;
    for (std::size_t i = 0; i < node_->size(); ++i) out.push_back(at(i));
    return out;
  }
  const Derived& object() const {
    if (!node_->is_object()) fail("expected an object, got " + type_name(*node_));
    return self();
  }
  /// Requires an object whose keys are all in `allowed`.
  const Derived& object(std::initializer_list<std::string_view> allowed) const {
    return object(std::vector<std::string_view>(allowed));
  }
  const Derived& object(const std::vector<std::string_view>& allowed) const {
    object();
    for (auto it = node_->begin(); it != node_->end(); ++it) {
      bool ok = false;
      for (auto a : allowed) ok = ok || a == it.key();
      if (ok) continue;
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      self().make(*it, path_ + "/" + pointer_token(it.key()))
          .fail("unknown " + std::string(Derived::kKeyWord) + " '" + it.key() + "'; expected one of: " + list);
    }
    return self();
  }
  const Derived& array() const {
    if (!node_->is_array()) fail("expected an array, got " + type_name(*node_));
    return self();
  }
  /// The members' keys, in order; a member whose value is null counts as absent and is left out.
  std::vector<std::string> keys() const {
    object();
    std::vector<std::string> out;
    for (auto it = node_->begin(); it != node_->end(); ++it)
      if (!it->is_null()) out.push_back(it.key());
    return out;
  }

  double number() const {
    if (!node_->is_number()) fail("expected a number, got " + type_name(*node_));
    const double x = node_->template get<double>();
    if (!std::isfinite(x)) fail("expected a finite number");
    return x;
  }
  double number_in(double low, double high) const {  // inclusive
    const double x = number();
    if (x < low || x > high)
      fail("expected a number from " + number_text(low) + " to " + number_text(high) + ", got " + excerpt(*node_));
    return x;
  }
  double positive() const {
    const double x = number();
    if (!(x > 0)) fail("expected a number > 0, got " + excerpt(*node_));
    return x;
  }
  /// A number > 0 and at most `high`.
  double positive(double high) const {
    const double x = number();
    if (!(x > 0 && x <= high)) fail("expected a number > 0 and at most " + number_text(high) + ", got " + excerpt(*node_));
    return x;
  }
  double non_negative() const {
    const double x = number();
    if (x < 0) fail("expected a number >= 0, got " + excerpt(*node_));
    return x;
  }
  /// An integer (a number with no fraction, written either way) from low to high.
  std::int64_t integer(std::int64_t low, std::int64_t high) const {
    const Document& v = *node_;
    if (!v.is_number_integer() && !(v.is_number_float() && std::floor(v.template get<double>()) == v.template get<double>()))
      fail("expected an integer, got " + type_name(v));
    const double x = v.template get<double>();
    if (x < static_cast<double>(low) || x > static_cast<double>(high))
      fail("expected an integer from " + std::to_string(low) + " to " + std::to_string(high) + ", got " + excerpt(v));
    return v.is_number_unsigned() ? static_cast<std::int64_t>(v.template get<std::uint64_t>())
           : v.is_number_integer() ? v.template get<std::int64_t>()
                                   : static_cast<std::int64_t>(x);
  }
  std::string string() const {
    if (!node_->is_string()) fail("expected a string, got " + type_name(*node_));
    return node_->template get<std::string>();
  }
  bool boolean() const {
    if (!node_->is_boolean()) fail("expected true or false, got " + type_name(*node_));
    return node_->template get<bool>();
  }
  std::vector<double> numbers() const {
    std::vector<double> out;
    for (const auto& item : items()) out.push_back(item.number());
    return out;
  }

 protected:
  BasicReader(const Document& node, std::string path) : node_(&node), path_(std::move(path)) {}

 private:
  const Derived& self() const { return static_cast<const Derived&>(*this); }
  const Document* node_;
  std::string path_;
};

}  // namespace govsim::json_path
