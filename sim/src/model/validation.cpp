#include "govsim/model/validation.hpp"

#include "govsim/error.hpp"
#include "govsim/json/reader.hpp"

namespace govsim::model {

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kFitted: return "fitted";
    case Verdict::kFitMissed: return "fit missed";
    case Verdict::kPredicted: return "predicted";
    case Verdict::kWeak: return "weak";
    case Verdict::kMissed: return "missed";
    case Verdict::kKnownMiss: return "known miss";
    case Verdict::kNotModelled: return "not modelled";
  }
  return "?";
}

std::size_t Validation::count(Verdict v) const {
  std::size_t n = 0;
  for (const auto& f : figures) n += f.verdict == v;
  return n;
}

io::json variant_document(const io::json& scenario_doc, const TargetVariant& variant, const std::string& targets_file) {
  io::json doc = scenario_doc;
  const std::string where = "/variants/" + json_path::pointer_token(variant.name) + "/set";
  for (const auto& [pointer, value] : variant.set) {
    try {
      io::set_at_pointer(doc, pointer, value, "");
    } catch (const ConfigError& e) {  // the scenario's path, said from the targets file
      throw ConfigError(targets_file, where + "/" + json_path::pointer_token(pointer),
                        "expected a path the scenario can take ('" + pointer + "'): " + e.expected());
    }
  }
  return doc;
}

Validation validate(const io::json& scenario_doc, const CalibrationSpec& spec, const DocumentLoader& load,
                    const PolicyResolver& resolve, const RunOptions& options) {
  // Every variant's scenario and policy before any run: a bad one fails at once. A factory makes
  // each run's policy for the scenario it is given, so it outlives moves of the vector.
  std::vector<Scenario> scenarios;
  std::vector<PolicyFactory> policies;
  scenarios.push_back(load(scenario_doc));
  policies.push_back(resolve(scenarios.back()));
  for (const auto& v : spec.variants) {
    const std::string where = "/variants/" + json_path::pointer_token(v.name);
    const io::json doc = variant_document(scenario_doc, v, spec.file);
    try {
      scenarios.push_back(load(doc));
      policies.push_back(resolve(scenarios.back()));
    } catch (const Error& e) {
      throw ConfigError(spec.file, where, "expected a variant whose scenario loads; with it: " + std::string(e.what()));
    }
  }
  auto run_one = [&](std::size_t i) {
    RunOptions o = options;
    o.policy = policies[i];
    return run(scenarios[i], o);
  };
  Validation out;
  const RunResult base = run_one(0);
  out.replications = base.replications.size();
  out.seed = base.seed;
  const auto checks = check_targets(base, spec);
  for (std::size_t i = 0; i < spec.variants.size(); ++i) {
    const RunResult r = run_one(i + 1);
    try {
      out.variants.push_back({spec.variants[i], check_targets(r, spec)});
    } catch (const ConfigError& e) {  // a metric the variant's results lack (it removed a category, say)
      throw ConfigError(spec.file, "/variants/" + json_path::pointer_token(spec.variants[i].name),
                        "expected a variant whose results have every figure's metric; with it: " + std::string(e.what()));
    }
  }
  std::size_t k = 0;  // index into the modelled checks
  for (const auto& t : spec.targets) {
    FigureVerdict f;
    f.target = t;
    if (!t.modelled) {
      out.figures.push_back(std::move(f));
      continue;
    }
    f.check = checks[k];
    if (t.fit) {
      f.verdict = f.check->within ? Verdict::kFitted : Verdict::kFitMissed;
    } else {
      for (const auto& v : out.variants)
        if (v.variant.name == t.null_variant) f.null = v.checks[k];
      f.verdict = !f.check->within ? (t.known_miss ? Verdict::kKnownMiss : Verdict::kMissed)
                  : f.null && !f.null->within ? Verdict::kPredicted
                                              : Verdict::kWeak;
    }
    ++k;
    out.figures.push_back(std::move(f));
  }
  return out;
}

}  // namespace govsim::model
