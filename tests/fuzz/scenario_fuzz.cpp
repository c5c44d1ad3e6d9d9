// The fuzz target: any bytes as a scenario file, loaded and, if valid, run briefly.
// The oracle (docs/user-guide.md, "Errors and limits"): the input is refused with one ConfigError
// line naming the file and a JSON path, or it runs with conservation holding (the engine checks it)
// and every summary figure finite, staff time shares within [0, 1]. Anything else — another exception, a NaN, a crash, a hang — aborts,
// which libFuzzer (or the replay driver) reports as a finding.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "govsim/error.hpp"
#include "govsim/io/scenario_loader.hpp"
#include "govsim/model/runner.hpp"
#include "govsim/plugin/registry.hpp"
#include "oracle.hpp"

namespace {
using govsim::io::json;
using govsim::fuzz::check_refusal;
using govsim::fuzz::finding;

// The harness's own budget, not the loader's limits: inputs bigger than a quick run are skipped.
bool too_big_to_try(const json& v) {
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (it.key() == "repeat" && it->is_number() && it->get<double>() > 64) return true;
      if (it.key() == "plugin") return true;  // no loading of arbitrary libraries from the fuzzer
      if (too_big_to_try(*it)) return true;
    }
  } else if (v.is_array()) {
    if (v.size() > 4096) return true;
    for (const auto& x : v)
      if (too_big_to_try(x)) return true;
  }
  return false;
}

// One replication of at most 60 days: keeps each input to milliseconds.
void shorten(json& doc) {
  if (!doc.is_object()) return;
  auto& run = doc["run"];
  if (run.is_null()) run = json::object();
  if (!run.is_object()) return;
  run["replications"] = 1;
  const double h = run.contains("horizon_days") && run["horizon_days"].is_number() ? run["horizon_days"].get<double>() : 365;
  if (h > 60) run["horizon_days"] = 60;
  if (run.contains("warmup_days") && run["warmup_days"].is_number() && run["warmup_days"].get<double>() >= 30)
    run["warmup_days"] = 10;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  govsim::model::Scenario sc;
  govsim::model::PolicyFactory policy;
  try {
    json doc = govsim::io::parse_json(text, "fuzz.json");
    if (too_big_to_try(doc)) return 0;
    shorten(doc);
    sc = govsim::io::load_scenario(doc, "fuzz.json");
    policy = govsim::plugin::resolve_policy(sc);
  } catch (const govsim::ConfigError& e) {
    check_refusal(e);
    return 0;
  } catch (const std::exception& e) {
    finding(std::string("loading threw something other than a ConfigError: ") + e.what());
  }
  if (govsim::model::expected_issues_per_replication(sc) > 20000 || sc.org.size() > 20000) return 0;
  try {
    govsim::model::RunOptions opt;
    opt.policy = policy;
    opt.threads = 1;
    const auto result = govsim::model::run(sc, opt);
    for (const auto& m : result.summary) {
      if (!std::isfinite(m.ci.mean) || !std::isfinite(m.ci.low) || !std::isfinite(m.ci.high))
        finding("the figure " + m.name + " is not finite");
      // Staff time is a share of the hours they have: no role busier than all of them, no kind of
      // work (or idleness) below nothing.
      const bool share = m.name.rfind("utilisation.", 0) == 0 || m.name.rfind("time.", 0) == 0;
      if (share && !(m.ci.mean >= -1e-9 && m.ci.mean <= 1 + 1e-9))
        finding("the staff time share " + m.name + " is " + std::to_string(m.ci.mean) + ", outside [0, 1]");
    }
  } catch (const govsim::ConfigError& e) {
    check_refusal(e);  // a run too large for memory
  } catch (const std::exception& e) {
    finding(std::string("a valid scenario's run failed: ") + e.what());
  }
  return 0;
}
