#include "govsim/model/calibrate.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <nlopt.hpp>
#include <sstream>

#include "govsim/error.hpp"
#include "govsim/io/scenario_loader.hpp"

namespace govsim::model {
namespace {

io::json::json_pointer pointer_of(const std::string& path) { return io::json::json_pointer(io::pointer_text(path)); }

double relative(double sim, double value) { return value != 0 ? (sim - value) / value : sim; }

// A fitted figure's term of the objective: its squared relative error (none above an "at least").
double penalty(const TargetCheck& c) {
  if (!c.target.fit || (c.target.at_least && c.relative_error >= 0)) return 0;
  return c.relative_error * c.relative_error;
}

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
        if (key.key() == "/run" || key.key().rfind("/run/", 0) == 0)
          set.fail("expected no value of /run ('" + key.key() + "'): every variant runs on the scenario's replications and seed");
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
    t.object({"metric", "value", "use", "tolerance", "source", "null", "reason", "known_miss", "at_least"});
    FitTarget ft;
    const std::string use = t.string_or("use", "fit");
    if (use != "fit" && use != "hold_out" && use != "not_modelled")
      t.at("use").fail("expected \"fit\", \"hold_out\" or \"not_modelled\", got \"" + use + "\"");
    ft.fit = use == "fit";
    ft.modelled = use != "not_modelled";
    if (ft.modelled || t.has("metric")) ft.metric = t.at("metric").string();
    if (ft.modelled || t.has("value")) ft.value = t.at("value").number_in(-1e15, 1e15);
    else ft.has_value = false;
    if (auto tol = t.find("tolerance")) ft.tolerance = tol->number_in(0, 10);
    if (auto a = t.find("at_least")) ft.at_least = a->boolean();
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
    c.within = t.at_least ? c.relative_error >= -t.tolerance : std::abs(c.relative_error) <= t.tolerance;
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
    Scenario sc;
    try {
      sc = io::load_scenario(doc, scenario_file);
    } catch (const ConfigError& e) {  // a value inside the bounds the scenario does not accept
      std::ostringstream at;
      for (std::size_t i = 0; i < n; ++i) at << (i ? ", " : "") << spec.parameters[i].path << " = " << doc[pointer_of(spec.parameters[i].path)].dump();
      throw ConfigError(spec.file, "/parameters", "expected bounds within which the scenario loads; at " + at.str() + ": " + e.what());
    }
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
      sum += penalty(c);
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
    out.objective += penalty(c);
  out.evaluations = evaluations;
  out.stopped_at_max = evaluations >= spec.max_evaluations;

  // The fitted figures that constrain the fit: every fitted one but an "at least" already above.
  std::vector<const FitTarget*> fitted_targets;
  for (const auto& c : out.checks)
    if (c.target.fit && (!c.target.at_least || penalty(c) > 0)) fitted_targets.push_back(&c.target);
  const auto m = static_cast<Eigen::Index>(fitted_targets.size());
  auto residuals = [&](const RunResult& r) {
    Eigen::VectorXd e(m);
    for (Eigen::Index j = 0; j < m; ++j) {
      const auto& t = *fitted_targets[static_cast<std::size_t>(j)];
      e(j) = relative(r.metric(t.metric).ci.mean, t.value);
    }
    return e;
  };
  const Eigen::VectorXd r0 = residuals(final_run);
  // Sensitivities: central differences of 2% of the range (one-sided at a bound; at least 1 for
  // integers, which the document rounds).
  Eigen::MatrixXd J(m, static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i) {
    const auto& p = spec.parameters[i];
    const bool integer = scenario_doc[pointer_of(p.path)].is_number_integer();
    double h = 0.02 * (p.high - p.low);
    if (integer) h = std::max(1.0, std::round(h));
    const double up = std::min(p.high, x[i] + h), down = std::max(p.low, x[i] - h);
    auto at = [&](double value) {
      std::vector<double> v = x;
      v[i] = value;
      return residuals(run_at(document(v)));
    };
    const double span = integer ? static_cast<double>(std::llround(up) - std::llround(down)) : up - down;
    J.col(static_cast<Eigen::Index>(i)) = span > 0 ? Eigen::VectorXd((at(up) - at(down)) / span) : Eigen::VectorXd::Zero(m);
  }
  // Identifiability: the singular values of J scaled by the ranges. A direction whose singular
  // value is below max(1e-3, 1e-3 × the largest) — the figures move by less than 0.1% over the
  // whole range, or a thousandth of what the best-determined direction moves them — is not
  // determined by them.
  Eigen::VectorXd range(static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i) range(static_cast<Eigen::Index>(i)) = spec.parameters[i].high - spec.parameters[i].low;
  const Eigen::MatrixXd Js = J * range.asDiagonal();
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(Js, Eigen::ComputeFullU | Eigen::ComputeFullV);
  const Eigen::VectorXd sv = svd.singularValues();
  for (Eigen::Index k = 0; k < sv.size(); ++k) out.singular_values.push_back(sv(k));
  const double strongest = sv.size() ? sv(0) : 0.0;
  const double floor_value = std::max(1e-3, 1e-3 * strongest);
  out.estimates.resize(n);
  std::vector<bool> undetermined(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    auto& e = out.estimates[i];
    e.value = x[i];
    e.sensitivity = Js.col(static_cast<Eigen::Index>(i)).norm();
    const auto& p = spec.parameters[i];
    e.at_bound = x[i] <= p.low + 1e-9 * (p.high - p.low) || x[i] >= p.high - 1e-9 * (p.high - p.low);
    if (e.sensitivity < floor_value) {
      e.identifiability = "not determined";
      undetermined[i] = true;
    }
  }
  // Null directions (small or missing singular values) that mix responsive parameters: confounded.
  const Eigen::MatrixXd& V = svd.matrixV();
  for (Eigen::Index k = 0; k < static_cast<Eigen::Index>(n); ++k) {
    const double s = k < sv.size() ? sv(k) : 0.0;
    if (s >= floor_value) continue;
    std::vector<std::size_t> involved;
    for (std::size_t i = 0; i < n; ++i)
      if (!undetermined[i] && std::abs(V(static_cast<Eigen::Index>(i), k)) > 0.2) involved.push_back(i);
    if (involved.size() < 2) continue;
    for (std::size_t i : involved) {
      auto& e = out.estimates[i];
      e.identifiability = "confounded";
      for (std::size_t other : involved)
        if (other != i && std::find(e.with.begin(), e.with.end(), spec.parameters[other].path) == e.with.end())
          e.with.push_back(spec.parameters[other].path);
    }
  }
  // Intervals by the delta method: the fitted figures' means vary over the replications with
  // covariance S/R (their per-replication covariance over R); the linearised refit Δx = −J⁺Δr, with
  // J⁺ the pseudo-inverse truncated at the same floor (undetermined directions left out), gives
  // Cov(x) = J⁺ (S/R) J⁺ᵀ, and a t interval on R − 1 degrees of freedom like the figures' own.
  const auto reps = final_run.replications.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Eigen::MatrixXd per_rep(static_cast<Eigen::Index>(reps), m);
  for (std::size_t k = 0; k < reps; ++k) {
    const auto values = final_run.replications[k].metrics(final_run.names());
    for (Eigen::Index j = 0; j < m; ++j) {
      const auto& t = *fitted_targets[static_cast<std::size_t>(j)];
      for (const auto& [name, v] : values)
        if (name == t.metric) per_rep(static_cast<Eigen::Index>(k), j) = relative(v, t.value);
    }
  }
  Eigen::VectorXd half(static_cast<Eigen::Index>(n));
  half.setConstant(nan);
  if (reps >= 2 && m > 0) {
    const Eigen::MatrixXd centred = per_rep.rowwise() - per_rep.colwise().mean();
    const Eigen::MatrixXd S = centred.transpose() * centred / static_cast<double>(reps - 1) / static_cast<double>(reps);
    Eigen::VectorXd inv = Eigen::VectorXd::Zero(sv.size());
    for (Eigen::Index k = 0; k < sv.size(); ++k)
      if (sv(k) >= floor_value) inv(k) = 1 / sv(k);
    const auto U = svd.matrixU().leftCols(sv.size());
    const Eigen::MatrixXd pinv = range.asDiagonal() * V.leftCols(sv.size()) * inv.asDiagonal() * U.transpose();
    const Eigen::MatrixXd cov = pinv * S * pinv.transpose();
    const double t = core::t_critical(reps, 0.95);
    for (std::size_t i = 0; i < n; ++i) half(static_cast<Eigen::Index>(i)) = t * std::sqrt(std::max(0.0, cov(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i))));
  }
  for (std::size_t i = 0; i < n; ++i) {
    auto& e = out.estimates[i];
    const double h = half(static_cast<Eigen::Index>(i));
    if (e.identifiability != "identified" || !std::isfinite(h)) {
      e.low = e.high = nan;
      continue;
    }
    // Within the bounds of the targets file: the fit cannot go beyond them.
    e.low = std::max(spec.parameters[i].low, x[i] - h);
    e.high = std::min(spec.parameters[i].high, x[i] + h);
  }
  // Whether the fit reached its figures, and if not, why.
  for (const auto& c : out.checks)
    if (c.target.fit && !c.within) {
      out.reached = false;
      std::ostringstream os;
      os << c.target.metric << ": " << c.simulated.mean << " at the fit against " << c.target.value << " reported ("
         << (c.relative_error >= 0 ? "+" : "") << 100 * c.relative_error << "%, tolerance " << 100 * c.target.tolerance << "%)";
      out.not_reached.push_back(os.str());
    }
  if (!out.reached) {
    // A parameter at a bound held the fit back if the objective's descent (−Jᵀr) points beyond it.
    const Eigen::VectorXd descent = -(J.transpose() * r0);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& p = spec.parameters[i];
      const double d = descent(static_cast<Eigen::Index>(i));
      const bool at_high = x[i] >= p.high - 1e-9 * (p.high - p.low), at_low = x[i] <= p.low + 1e-9 * (p.high - p.low);
      if ((at_high && d > 0) || (at_low && d < 0)) {
        std::ostringstream os;
        os << p.path << " stopped at its bound " << x[i] << " of the targets file: the figures want it " << (at_high ? "higher" : "lower");
        out.not_reached.push_back(os.str());
      }
    }
    if (out.stopped_at_max)
      out.not_reached.push_back("the search used all " + std::to_string(spec.max_evaluations) +
                                " evaluations (max_evaluations): more may reach the figures");
  }
  return out;
}

}  // namespace govsim::model
