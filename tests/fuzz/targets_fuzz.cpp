// The targets-file fuzz target: any bytes as a targets file (docs/validation.md), read and, if
// valid, checked against a small station scenario with its variants (govsim check), and calibrated
// for a few evaluations when it has parameters. The oracle: the input is refused with one
// ConfigError line naming the file and a JSON path — a variant's scenario refused by the loader
// names the targets file and the variant — or the check and the fit finish with every figure and
// parameter finite where it must be. Anything else aborts.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "govsim/error.hpp"
#include "govsim/io/scenario_loader.hpp"
#include "govsim/model/validation.hpp"
#include "govsim/plugin/registry.hpp"
#include "oracle.hpp"

namespace {
using govsim::io::json;

using govsim::fuzz::check_refusal;
using govsim::fuzz::finding;

// A variant too large for a quick run is skipped, not judged.
struct TooBig {};

const char* kScenario = R"({
  "schema_version": 1, "name": "station", "start_date": "2024-01-01",
  "levels": [{"name": "top", "authority": 3}, {"name": "station", "authority": 2}],
  "org": {"units": [{"name": "top", "children": [{"name": "s-{i}", "repeat": 2, "households": 2000}]}]},
  "staff": {"server": {"level": "station", "count": 2, "success": 0.9, "service": {"dist": "exponential", "mean": 1.0}},
            "office": {"level": "top", "count": 1, "service": {"dist": "exponential", "mean": 2.0}}},
  "demand": {"categories": {"job": {"rate_per_household_year": 1.0, "severity": [0.6, 0.3, 0.1]},
                            "big": {"rate_per_household_year": 0.5}}},
  "policy": {"name": "tiered"},
  "run": {"horizon_days": 30, "warmup_days": 5, "replications": 2, "seed": 1}
})";

govsim::model::Scenario load(json doc) {
  if (doc.is_object() && doc["run"].is_object()) {
    auto& run = doc["run"];
    run["replications"] = 2;
    if (!run["horizon_days"].is_number() || run["horizon_days"].get<double>() > 30) run["horizon_days"] = 30;
    if (!run["warmup_days"].is_number() || run["warmup_days"].get<double>() > 10) run["warmup_days"] = 5;
  }
  auto sc = govsim::io::load_scenario(doc, "station.json");
  if (govsim::model::expected_issues_per_replication(sc) > 20000 || sc.org.size() > 5000) throw TooBig{};
  return sc;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const json scenario = json::parse(kScenario);
  auto resolve = [](const govsim::model::Scenario& s) { return govsim::plugin::resolve_policy(s); };
  govsim::model::CalibrationSpec spec;
  try {
    const json doc = govsim::io::parse_json(text, "fuzz.json");
    spec = govsim::model::read_calibration_spec(doc, "fuzz.json");
    spec.max_evaluations = std::min(spec.max_evaluations, 3);  // the harness's budget
    const auto v = govsim::model::validate(scenario, spec, load, resolve);
    for (const auto& f : v.figures)
      if (f.check && !std::isfinite(f.check->relative_error) && f.target.value != 0)
        finding("a figure's relative error is not finite: " + f.target.metric);
    // A fit whose bounds reach a scenario too big for a quick run is skipped: each bound alone is
    // tried through the harness's loader first (a value the loader refuses is the fit's to report).
    for (const auto& p : spec.parameters)
      for (double value : {p.low, p.high}) {
        json d = scenario;
        const json::json_pointer ptr(govsim::io::pointer_text(p.path));
        if (!d.contains(ptr) || !d[ptr].is_number()) continue;
        d[ptr] = d[ptr].is_number_integer() ? json(static_cast<long long>(std::llround(value))) : json(value);
        try {
          (void)load(d);
        } catch (const govsim::ConfigError&) {
        }
      }
    if (!spec.parameters.empty()) {
      govsim::model::RunOptions o;
      const auto r = govsim::model::calibrate(scenario, "station.json", spec, resolve, o);
      for (std::size_t i = 0; i < r.values.size(); ++i) {
        const auto& p = spec.parameters[i];
        if (!(r.values[i] >= p.low - 1e-9 * std::abs(p.low) - 1e-12 && r.values[i] <= p.high + 1e-9 * std::abs(p.high) + 1e-12))
          finding("a fitted value outside its bounds: " + p.path);
        if (!std::isfinite(r.estimates[i].sensitivity)) finding("a sensitivity that is not finite: " + p.path);
      }
    }
  } catch (const TooBig&) {
    return 0;
  } catch (const govsim::ConfigError& e) {
    check_refusal(e);
  } catch (const std::exception& e) {
    finding(std::string("something other than a ConfigError: ") + e.what());
  }
  return 0;
}
