#include "govsim/io/json_reader.hpp"

#include <cmath>
#include <stdexcept>

#include "govsim/error.hpp"

namespace govsim::io {

namespace {
std::string type_name(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "the number " + v.dump();
  if (v.is_string()) return "the string " + v.dump();
  if (v.is_array()) return "an array";
  return "an object";
}
}  // namespace

void JsonReader::fail(const std::string& expected) const { throw ConfigError(file_, path_, expected); }

std::string JsonReader::escape(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

bool JsonReader::has(std::string_view key) const {
  return value_->is_object() && value_->contains(key) && !(*value_)[std::string(key)].is_null();
}

JsonReader JsonReader::at(std::string_view key) const {
  object();
  auto it = value_->find(key);
  if (it == value_->end() || it->is_null()) fail("expected a member '" + std::string(key) + "'");
  return JsonReader(*it, file_, path_ + "/" + escape(key));
}

std::optional<JsonReader> JsonReader::find(std::string_view key) const {
  object();
  auto it = value_->find(key);
  if (it == value_->end() || it->is_null()) return std::nullopt;
  return JsonReader(*it, file_, path_ + "/" + escape(key));
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
    JsonReader(*it, file_, path_ + "/" + escape(it.key())).fail("unknown key '" + it.key() + "'; expected one of: " + list);
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
    os << "expected a number from " << low << " to " << high << ", got " << value_->dump();
    fail(os.str());
  }
  return x;
}

double JsonReader::positive() const {
  const double x = number();
  if (!(x > 0)) fail("expected a number > 0, got " + value_->dump());
  return x;
}

double JsonReader::non_negative() const {
  const double x = number();
  if (x < 0) fail("expected a number >= 0, got " + value_->dump());
  return x;
}

std::int64_t JsonReader::integer(std::int64_t low, std::int64_t high) const {
  if (!value_->is_number_integer() && !(value_->is_number_float() && std::floor(value_->get<double>()) == value_->get<double>()))
    fail("expected an integer, got " + type_name(*value_));
  const double x = value_->get<double>();
  if (x < static_cast<double>(low) || x > static_cast<double>(high))
    fail("expected an integer from " + std::to_string(low) + " to " + std::to_string(high) + ", got " + value_->dump());
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
      if (r.has("rate")) return core::Distribution::exponential(1.0 / r.at("rate").positive());
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
  json value;
  try {
    value = json::parse(text);
  } catch (const json::parse_error&) {
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
