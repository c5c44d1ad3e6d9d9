#include "govsim/io/json_reader.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

#include "govsim/error.hpp"

namespace govsim::io {

namespace {
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
    for (const auto& f : frames_) {
      if (!f.object) path.append("/").append(std::to_string(f.index));
      else if (f.has_key) path.append("/").append(pointer_token(f.key));
    }
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

void JsonReader::fail_at(const std::string& path, const std::string& expected) const {
  throw ConfigError(file_, path, expected);
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

std::string pointer_text(const std::string& path) {
  if (!path.empty() && path.front() == '/') return path;
  std::string p = "/";
  for (char c : path) p += c == '.' ? '/' : c;
  return p;
}

void apply_override(json& doc, const std::string& assignment, const std::string& file) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError(file, "", "expected --set PATH=VALUE, got '" + assignment + "'");
  const std::string path = pointer_text(assignment.substr(0, eq));
  const std::string text = assignment.substr(eq + 1);
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
  set_at_pointer(doc, path, std::move(value), file);
}

void set_at_pointer(json& doc, const std::string& path, json value, const std::string& file) {
  try {
    const json::json_pointer ptr(path);
    if (ptr.empty()) throw ConfigError(file, path, "expected a JSON pointer below the document's root, got '" + path + "'");
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
    doc[ptr] = std::move(value);
  } catch (const json::exception& e) {
    throw ConfigError(file, path, std::string("expected a settable JSON path (") + e.what() + ")");
  }
}

}  // namespace govsim::io
