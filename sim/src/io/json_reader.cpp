#include "govsim/io/json_reader.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

#include "govsim/error.hpp"

namespace govsim::io {

namespace {
std::string type_name(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "the number " + excerpt(v);
  if (v.is_string()) return "the string " + excerpt(v);
  if (v.is_array()) return "an array";
  return "an object";
}

std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

constexpr std::string_view kSyntaxError = "expected valid JSON: ";

// nlohmann's DOM builder, watched: it tracks the JSON pointer of the value being read, refuses
// nesting beyond kMaxJsonDepth (so nothing downstream can recurse deep enough to overflow the
// stack), a key given twice in one object, and numbers beyond a double's range, each with the path.
class CheckedSax {
 public:
  using Dom = nlohmann::detail::json_sax_dom_parser<json>;
  CheckedSax(json& root, const std::string& file) : dom_(root, true), file_(file) {}

  bool null() { return done(dom_.null()); }
  bool boolean(bool v) { return done(dom_.boolean(v)); }
  bool number_integer(json::number_integer_t v) { return done(dom_.number_integer(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return done(dom_.number_unsigned(v)); }
  bool number_float(json::number_float_t v, const json::string_t& s) { return done(dom_.number_float(v, s)); }
  bool string(json::string_t& v) { return done(dom_.string(v)); }
  bool binary(json::binary_t& v) { return done(dom_.binary(v)); }
  bool start_object(std::size_t n) {
    enter(true);
    return dom_.start_object(n);
  }
  bool key(json::string_t& k) {
    Frame& f = frames_.back();
    f.key = k;
    f.has_key = true;
    if (!f.keys.insert(k).second) fail("expected each key once in an object; '" + printable(k, 60) + "' is given twice");
    return dom_.key(k);
  }
  bool end_object() {
    frames_.pop_back();
    return done(dom_.end_object());
  }
  bool start_array(std::size_t n) {
    enter(false);
    return dom_.start_array(n);
  }
  bool end_array() {
    frames_.pop_back();
    return done(dom_.end_array());
  }
  template <class Exception>
  bool parse_error(std::size_t, const std::string& token, const Exception& e) {
    if (e.id == 406) fail("expected a number within a double's range (about ±1.8e308), got " + printable(token, 40));
    fail(std::string(kSyntaxError) + printable(e.what(), 300));
  }

 private:
  struct Frame {
    bool object;
    std::size_t index = 0;
    std::string key;
    bool has_key = false;  // between a key and the end of its value
    std::unordered_set<std::string> keys;
  };
  void enter(bool object) {
    if (frames_.size() >= kMaxJsonDepth)
      fail("expected objects and arrays nested at most " + std::to_string(kMaxJsonDepth) + " deep");
    frames_.push_back({object, 0, {}, false, {}});
  }
  bool done(bool ok) {
    if (!frames_.empty()) {
      Frame& f = frames_.back();
      if (f.object) f.has_key = false;
      else ++f.index;
    }
    return ok;
  }
  [[noreturn]] void fail(const std::string& expected) const {
    std::string path;
    for (const auto& f : frames_)
      if (!f.object) path += "/" + std::to_string(f.index);
      else if (f.has_key) path += "/" + pointer_token(f.key);
    throw ConfigError(file_, path, expected);
  }
  Dom dom_;
  const std::string& file_;
  std::vector<Frame> frames_;
};
}  // namespace

json parse_json(std::string_view text, const std::string& file) {
  json doc;
  CheckedSax sax(doc, file);
  json::sax_parse(text.begin(), text.end(), &sax);
  return doc;
}

std::string excerpt(const json& value) {
  if (value.is_array()) return "an array of " + std::to_string(value.size()) + " entries";
  if (value.is_object()) return "an object of " + std::to_string(value.size()) + " members";
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    return "\"" + printable(s, 60) + "\"";
  }
  return value.dump();  // a number, boolean or null: short
}

void JsonReader::fail(const std::string& expected) const { throw ConfigError(file_, path_, expected); }

bool JsonReader::has(std::string_view key) const {
  return value_->is_object() && value_->contains(key) && !(*value_)[std::string(key)].is_null();
}

JsonReader JsonReader::at(std::string_view key) const {
  object();
  auto it = value_->find(key);
  if (it == value_->end() || it->is_null()) fail("expected a member '" + std::string(key) + "'");
  return JsonReader(*it, file_, path_ + "/" + pointer_token(key));
}

std::optional<JsonReader> JsonReader::find(std::string_view key) const {
  object();
  auto it = value_->find(key);
  if (it == value_->end() || it->is_null()) return std::nullopt;
  return JsonReader(*it, file_, path_ + "/" + pointer_token(key));
}

JsonReader JsonReader::at(std::size_t index) const {
  array();
  if (index >= value_->size()) fail("expected at least " + std::to_string(index + 1) + " entries");
  return JsonReader((*value_)[index], file_, path_ + "/" + std::to_string(index));
}

const JsonReader& JsonReader::object() const {
  if (!value_->is_object()) fail("expected an object, got " + type_name(*value_));
  return *this;
}

const JsonReader& JsonReader::object(std::initializer_list<std::string_view> allowed) const {
  object();
  for (auto it = value_->begin(); it != value_->end(); ++it) {
    bool ok = false;
    for (auto a : allowed) ok = ok || a == it.key();
    if (ok) continue;
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    JsonReader(*it, file_, path_ + "/" + pointer_token(it.key())).fail("unknown key '" + it.key() + "'; expected one of: " + list);
  }
  return *this;
}

const JsonReader& JsonReader::array() const {
  if (!value_->is_array()) fail("expected an array, got " + type_name(*value_));
  return *this;
}

std::vector<std::string> JsonReader::keys() const {
  object();
  std::vector<std::string> out;
  for (auto it = value_->begin(); it != value_->end(); ++it) out.push_back(it.key());
  return out;
}

double JsonReader::number() const {
  if (!value_->is_number()) fail("expected a number, got " + type_name(*value_));
  const double x = value_->get<double>();
  if (!std::isfinite(x)) fail("expected a finite number");
  return x;
}

double JsonReader::number_in(double low, double high) const {
  const double x = number();
  if (x < low || x > high) {
    std::ostringstream os;
    os << "expected a number from " << low << " to " << high << ", got " << excerpt(*value_);
    fail(os.str());
  }
  return x;
}

double JsonReader::positive() const {
  const double x = number();
  if (!(x > 0)) fail("expected a number > 0, got " + excerpt(*value_));
  return x;
}

double JsonReader::non_negative() const {
  const double x = number();
  if (x < 0) fail("expected a number >= 0, got " + excerpt(*value_));
  return x;
}

std::int64_t JsonReader::integer(std::int64_t low, std::int64_t high) const {
  if (!value_->is_number_integer() && !(value_->is_number_float() && std::floor(value_->get<double>()) == value_->get<double>()))
    fail("expected an integer, got " + type_name(*value_));
  const double x = value_->get<double>();
  if (x < static_cast<double>(low) || x > static_cast<double>(high))
    fail("expected an integer from " + std::to_string(low) + " to " + std::to_string(high) + ", got " + excerpt(*value_));
  return value_->is_number_unsigned() ? static_cast<std::int64_t>(value_->get<std::uint64_t>())
                                      : value_->is_number_integer() ? value_->get<std::int64_t>()
                                                                    : static_cast<std::int64_t>(x);
}

std::string JsonReader::string() const {
  if (!value_->is_string()) fail("expected a string, got " + type_name(*value_));
  return value_->get<std::string>();
}

bool JsonReader::boolean() const {
  if (!value_->is_boolean()) fail("expected true or false, got " + type_name(*value_));
  return value_->get<bool>();
}

std::vector<double> JsonReader::numbers() const {
  array();
  std::vector<double> out;
  for (std::size_t i = 0; i < size(); ++i) out.push_back(at(i).number());
  return out;
}

double JsonReader::number_or(std::string_view key, double fallback) const {
  auto r = find(key);
  return r ? r->number() : fallback;
}
std::string JsonReader::string_or(std::string_view key, const std::string& fallback) const {
  auto r = find(key);
  return r ? r->string() : fallback;
}
bool JsonReader::boolean_or(std::string_view key, bool fallback) const {
  auto r = find(key);
  return r ? r->boolean() : fallback;
}

core::Distribution parse_distribution(const JsonReader& r) {
  r.object();
  const std::string kind = r.at("dist").string();
  try {
    if (kind == "exponential") {
      r.object({"dist", "mean", "rate"});
      if (auto rate = r.find("rate")) {
        const double rate_value = rate->positive();
        const double mean = 1.0 / rate_value;
        if (!(rate_value >= 1e-300)) rate->fail("expected a rate of at least 1e-300 (its mean, 1 / rate, must be finite), got " + excerpt(rate->value()));
        return core::Distribution::exponential(mean);
      }
      return core::Distribution::exponential(r.at("mean").number());
    }
    if (kind == "lognormal") {
      r.object({"dist", "mean", "sd", "mu", "sigma"});
      if (r.has("mu")) return core::Distribution::lognormal_mu_sigma(r.at("mu").number(), r.at("sigma").number());
      return core::Distribution::lognormal_mean_sd(r.at("mean").number(), r.at("sd").number());
    }
    if (kind == "gamma") {
      r.object({"dist", "mean", "cv", "shape", "scale"});
      if (r.has("shape")) return core::Distribution::gamma_shape_scale(r.at("shape").number(), r.at("scale").number());
      return core::Distribution::gamma_mean_cv(r.at("mean").number(), r.at("cv").number());
    }
    if (kind == "deterministic") {
      r.object({"dist", "value"});
      return core::Distribution::deterministic(r.at("value").number());
    }
    if (kind == "uniform") {
      r.object({"dist", "low", "high"});
      return core::Distribution::uniform(r.at("low").number(), r.at("high").number());
    }
    if (kind == "empirical") {
      r.object({"dist", "values", "weights"});
      std::vector<double> w;
      if (auto wr = r.find("weights")) w = wr->numbers();
      return core::Distribution::empirical(r.at("values").numbers(), std::move(w));
    }
  } catch (const std::invalid_argument& e) {
    r.fail(e.what());
  }
  r.at("dist").fail("expected one of exponential, lognormal, gamma, deterministic, uniform, empirical; got '" + kind + "'");
}

void apply_override(json& doc, const std::string& assignment, const std::string& file) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError(file, "", "expected --set PATH=VALUE, got '" + assignment + "'");
  std::string path = assignment.substr(0, eq);
  const std::string text = assignment.substr(eq + 1);
  if (path.front() != '/') {
    std::string p;
    for (char c : path) p += (c == '.') ? '/' : c;
    path = "/" + p;
  }
  // Text that is not JSON is a string; JSON that is too deep, repeats a key or overflows is an error.
  json value;
  try {
    value = parse_json(text, file);
  } catch (const ConfigError& e) {
    if (e.expected().rfind(kSyntaxError, 0) != 0)
      throw ConfigError(file, path + e.json_path(), "in the value after '=': " + e.expected());
    if (!is_valid_utf8(text)) throw ConfigError(file, path, "expected a value in UTF-8 after '='");
    value = text;
  }
  try {
    const json::json_pointer ptr(path);
    if (!doc.contains(ptr.parent_pointer()) || !doc[ptr.parent_pointer()].is_structured())
      throw ConfigError(file, ptr.parent_pointer().to_string(), "expected an existing object or array to set '" + path + "' in");
    const json& parent = doc[ptr.parent_pointer()];
    if (parent.is_array()) {
      const std::string last = ptr.back();
      const bool index_ok = last == "-" || (!last.empty() && last.find_first_not_of("0123456789") == std::string::npos &&
                                           last.size() < 10 && std::stoul(last) <= parent.size());
      if (!index_ok)
        throw ConfigError(file, path, "expected an index from 0 to " + std::to_string(parent.size()) + " (or '-' to append)");
    }
    doc[ptr] = value;
  } catch (const json::exception& e) {
    throw ConfigError(file, path, std::string("expected a settable JSON path (") + e.what() + ")");
  }
}

}  // namespace govsim::io
