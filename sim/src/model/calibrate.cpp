#include "govsim/model/calibrate.hpp"

#include <cmath>
#include <nlopt.hpp>
#include <sstream>

#include "govsim/error.hpp"
#include "govsim/io/scenario_loader.hpp"

namespace govsim::model {
namespace {

io::json::json_pointer pointer_of(const std::string& path) {
  if (!path.empty() && path.front() == '/') return io::json::json_pointer(path);
  std::string p = "/";
  for (char c : path) p += c == '.' ? '/' : c;
  return io::json::json_pointer(p);
}

double relative(double sim, double value) { return value != 0 ? (sim - value) / value : sim; }

}  // namespace

CalibrationSpec read_calibration_spec(const io::json& doc, const std::string& file) {
  const io::JsonReader root(doc, file);
  root.object({"parameters", "targets", "variants", "max_evaluations", "description"});
  CalibrationSpec spec;
  spec.file = file;
  spec.description = root.string_or("description", "");
  if (auto vs = root.find("variants")) {
    vs->object();
    for (const auto& name : vs->keys()) {
      const io::JsonReader v = vs->at(name);
      if (name.empty()) v.fail("expected a non-empty variant name");
      v.object({"description", "kind", "set"});
      TargetVariant tv;
      tv.name = name;
      tv.description = v.string_or("description", "");
      const std::string kind = v.string_or("kind", "null");
      if (kind != "null" && kind != "reading") v.at("kind").fail("expected \"null\" or \"reading\", got \"" + kind + "\"");
      tv.reading = kind == "reading";
      const io::JsonReader set = v.at("set");
      set.object();
      for (const auto& key : set.value().items()) {
        if (key.key().empty() || key.key().front() != '/')
          set.fail("expected JSON pointers (\"/staff/volunteer/count\") as keys, got '" + key.key() + "'");
        tv.set.emplace_back(key.key(), key.value());
      }
      if (set.value().empty()) set.fail("expected at least one value to set");
      spec.variants.push_back(std::move(tv));
    }
  }
  if (auto params = root.find("parameters")) {
    params->array();
    for (std::size_t i = 0; i < params->size(); ++i) {
      const io::JsonReader p = params->at(i);
      p.object({"path", "low", "high", "description"});
      FitParameter fp;
      fp.path = p.at("path").string();
      fp.low = p.at("low").number_in(-1e12, 1e12);
      fp.high = p.at("high").number_in(-1e12, 1e12);
      if (!(fp.low < fp.high)) p.fail("expected low < high");
      try {
        (void)pointer_of(fp.path);
      } catch (const io::json::exception&) {
        p.at("path").fail("expected a JSON pointer or dotted path, got '" + fp.path + "'");
      }
      spec.parameters.push_back(fp);
    }
  }
  const io::JsonReader targets = root.at("targets");
  targets.array();
  if (targets.size() == 0) targets.fail("expected at least one target");
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const io::JsonReader t = targets.at(i);
    t.object({"metric", "value", "use", "tolerance", "source", "null", "reason", "known_miss"});
    FitTarget ft;
    const std::string use = t.string_or("use", "fit");
    if (use != "fit" && use != "hold_out" && use != "not_modelled")
      t.at("use").fail("expected \"fit\", \"hold_out\" or \"not_modelled\", got \"" + use + "\"");
    ft.fit = use == "fit";
    ft.modelled = use != "not_modelled";
    if (ft.modelled || t.has("metric")) ft.metric = t.at("metric").string();
    if (ft.modelled || t.has("value")) ft.value = t.at("value").number_in(-1e15, 1e15);
    if (auto tol = t.find("tolerance")) ft.tolerance = tol->number_in(0, 10);
    ft.source = t.string_or("source", "");
    if (use == "not_modelled") {
      ft.reason = t.at("reason").string();
      if (ft.reason.empty()) t.at("reason").fail("expected why the model does not produce the figure");
    } else if (t.has("reason")) {
      t.at("reason").fail("expected a reason only for a figure with \"use\": \"not_modelled\"");
    }
    if (auto k = t.find("known_miss")) {
      if (use != "hold_out") k->fail("expected a known miss only for a figure with \"use\": \"hold_out\"");
      ft.reason = k->string();
      if (ft.reason.empty()) k->fail("expected why the model misses the figure");
      ft.known_miss = true;
    }
    if (use == "hold_out") {
      // A held-out figure counts only if a plausible wrong model misses it: it names that model.
      if (!t.has("null")) t.fail("expected \"null\": the variant (in /variants) that turns off the mechanism this held-out figure is evidence for");
      ft.null_variant = t.at("null").string();
      bool known = false;
      for (const auto& v : spec.variants) known = known || (v.name == ft.null_variant && !v.reading);
      if (!known) {
        std::string names;
        for (const auto& v : spec.variants)
          if (!v.reading) names += (names.empty() ? "" : ", ") + v.name;
        t.at("null").fail("expected a null variant of /variants, got '" + ft.null_variant + "'" +
                          (names.empty() ? std::string("; there are none") : "; null variants: " + names));
      }
    } else if (t.has("null")) {
      t.at("null").fail("expected a null variant only for a figure with \"use\": \"hold_out\"");
    }
    spec.targets.push_back(ft);
  }
  if (auto m = root.find("max_evaluations")) spec.max_evaluations = static_cast<int>(m->integer(1, 100000));
  for (const auto& v : spec.variants) {
    bool used = v.reading;
    for (const auto& t : spec.targets) used = used || t.null_variant == v.name;
    if (!used) root.at("variants").at(v.name).fail("expected a null variant that a held-out figure names (or \"kind\": \"reading\")");
  }
  bool any_fit = false;
  for (const auto& t : spec.targets) any_fit = any_fit || t.fit;
  if (!spec.parameters.empty() && !any_fit) targets.fail("expected at least one target with \"use\": \"fit\" to fit the parameters to");
  return spec;
}

std::vector<TargetCheck> check_targets(const RunResult& run, const CalibrationSpec& spec) {
  std::vector<TargetCheck> out;
  for (std::size_t i = 0; i < spec.targets.size(); ++i) {
    const auto& t = spec.targets[i];
    if (!t.modelled) continue;
    const MetricSummary* m = run.find_metric(t.metric);
    if (!m) {
      std::string known;
      for (const auto& s : run.summary) known += (known.empty() ? "" : ", ") + s.name;
      throw ConfigError(spec.file, "/targets/" + std::to_string(i) + "/metric",
                        "expected a metric of the results, got '" + t.metric + "'; metrics: " + known);
    }
    TargetCheck c;
    c.target = t;
    c.simulated = m->ci;
    c.relative_error = relative(m->ci.mean, t.value);
    c.within = std::abs(c.relative_error) <= t.tolerance;
    out.push_back(c);
  }
  return out;
}

CalibrationResult calibrate(const io::json& scenario_doc, const std::string& scenario_file, const CalibrationSpec& spec,
                            const PolicyResolver& resolve, const RunOptions& options) {
  if (spec.parameters.empty()) throw ConfigError(spec.file, "/parameters", "expected at least one parameter to fit");
  const std::size_t n = spec.parameters.size();
  // Start from the scenario's own values (clamped into the bounds).
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& p = spec.parameters[i];
    const auto ptr = pointer_of(p.path);
    if (!scenario_doc.contains(ptr) || !scenario_doc[ptr].is_number())
      throw ConfigError(spec.file, "/parameters/" + std::to_string(i) + "/path",
                        "expected the path of a number in " + scenario_file + ", got '" + p.path + "'");
    x[i] = std::clamp(scenario_doc[ptr].get<double>(), p.low, p.high);
  }
  auto document = [&](const std::vector<double>& v) {
    io::json doc = scenario_doc;
    for (std::size_t i = 0; i < n; ++i) {
      const auto ptr = pointer_of(spec.parameters[i].path);
      // Integers stay integers (staff counts): the value is rounded.
      if (scenario_doc[ptr].is_number_integer()) doc[ptr] = static_cast<long long>(std::llround(v[i]));
      else doc[ptr] = v[i];
    }
    return doc;
  };
  // The policy once, unless its own parameters are fitted.
  bool policy_varies = false;
  for (const auto& p : spec.parameters) policy_varies = policy_varies || pointer_of(p.path).to_string().rfind("/policy", 0) == 0;
  RunOptions fixed = options;
  auto run_at = [&](const io::json& doc) {
    const Scenario sc = io::load_scenario(doc, scenario_file);
    if (policy_varies || !fixed.policy.make) fixed.policy = resolve(sc);
    return run(sc, fixed);
  };
  int evaluations = 0;
  std::exception_ptr failure;
  auto objective = [&](const std::vector<double>& v) {
    ++evaluations;
    const auto run_result = run_at(document(v));
    double sum = 0;
    for (const auto& c : check_targets(run_result, spec))
      if (c.target.fit) sum += c.relative_error * c.relative_error;
    return sum;
  };
  nlopt::opt opt(nlopt::LN_SBPLX, static_cast<unsigned>(n));
  std::vector<double> lo(n), hi(n), step(n);
  for (std::size_t i = 0; i < n; ++i) {
    lo[i] = spec.parameters[i].low;
    hi[i] = spec.parameters[i].high;
    step[i] = 0.1 * (hi[i] - lo[i]);
  }
  opt.set_lower_bounds(lo);
  opt.set_upper_bounds(hi);
  opt.set_initial_step(step);
  opt.set_maxeval(spec.max_evaluations);
  // No tolerance on the objective: with common random numbers it is flat between the draws it
  // crosses, so equal values in a row say nothing about convergence.
  opt.set_xtol_rel(1e-4);
  struct Ctx {
    decltype(objective)* f;
    std::exception_ptr* failure;
  } ctx{&objective, &failure};
  opt.set_min_objective(
      [](const std::vector<double>& v, std::vector<double>&, void* data) -> double {
        auto* c = static_cast<Ctx*>(data);
        try {
          return (*c->f)(v);
        } catch (...) {  // no exception crosses NLopt's C code: stop and rethrow after
          *c->failure = std::current_exception();
          throw nlopt::forced_stop();
        }
      },
      &ctx);
  double best = 0;
  try {
    opt.optimize(x, best);
  } catch (const nlopt::forced_stop&) {
  } catch (const std::runtime_error&) {  // NLopt's own failures: keep the best point found
  }
  if (failure) std::rethrow_exception(failure);
  CalibrationResult out;
  out.values = x;
  out.fitted = document(x);
  const auto final_run = run_at(out.fitted);
  out.checks = check_targets(final_run, spec);
  out.objective = 0;
  for (const auto& c : out.checks)
    if (c.target.fit) out.objective += c.relative_error * c.relative_error;
  out.evaluations = evaluations;
  return out;
}

}  // namespace govsim::model
