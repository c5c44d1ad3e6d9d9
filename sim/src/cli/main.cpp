// The govsim command line: run, compare, validate, plugins, check, calibrate, analyze and staff.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>

#include "govsim/analysis/model.hpp"
#include "govsim/analysis/staffing.hpp"
#include "govsim/error.hpp"
#include "govsim/io/results_writer.hpp"
#include "govsim/io/scenario_loader.hpp"
#include "govsim/model/calibrate.hpp"
#include "govsim/model/runner.hpp"
#include <filesystem>
#include <fstream>
#include "govsim/plugin/registry.hpp"

namespace {

// The progress line on stderr, shown once a run has taken more than a second.
class ProgressLine {
 public:
  ProgressLine(std::string what, bool quiet) : what_(std::move(what)), quiet_(quiet) {}
  std::function<void(double)> callback() {
    if (quiet_) return {};
    return [this](double f) {
      const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      if (el < 1.0) return;
      std::fprintf(stderr, "\rgovsim: %s %5.1f%%  %.1f s", what_.c_str(), 100 * f, el);
      std::fflush(stderr);
      printed_ = true;
    };
  }
  void finish() {
    if (printed_) std::fprintf(stderr, "\n");
  }

 private:
  std::string what_;
  bool quiet_;
  bool printed_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// The options the subcommands share; each subcommand takes those it needs (add_common).
struct CommonArgs {
  std::string scenario;
  std::vector<std::string> sets;
  std::optional<std::uint32_t> reps;
  std::optional<std::uint64_t> seed;
  std::uint32_t threads = 0;
  std::string out;
  bool issues = false, quiet = false;
};

// The scenario file's document with --set applied.
govsim::io::json scenario_document(const CommonArgs& a) {
  auto doc = govsim::io::read_json_file(a.scenario);
  for (const auto& s : a.sets) govsim::io::apply_override(doc, s, a.scenario);
  return doc;
}

// A scenario document loaded, then --reps and --seed (which need no "run" block in the file).
govsim::model::Scenario load(const CommonArgs& a, const govsim::io::json& doc) {
  auto sc = govsim::io::load_scenario(doc, a.scenario);
  if (a.reps) sc.run.replications = *a.reps;
  if (a.seed) sc.run.seed = *a.seed;
  return sc;
}
govsim::model::Scenario load(const CommonArgs& a) { return load(a, scenario_document(a)); }

// --seed: the whole range of a 64-bit seed, and nothing beyond it (CLI11 alone would clamp).
std::string check_seed(const std::string& text) {
  const std::string max = "18446744073709551615";
  const bool digits = !text.empty() && text.size() <= max.size() && text.find_first_not_of("0123456789") == std::string::npos;
  if (digits && (text.size() < max.size() || text <= max)) return "";
  return "expected an integer seed from 0 to " + max + ", got '" + govsim::printable(text, 40) + "'";
}


int cmd_validate(const CommonArgs& a) {
  const auto sc = govsim::io::load_scenario_file(a.scenario, a.sets);
  (void)govsim::plugin::resolve_policy(sc);  // the policy exists and takes its parameters
  std::uint64_t staff = 0;
  for (govsim::model::UnitId u = 0; u < sc.org.size(); ++u)
    for (const auto& [role, n] : sc.org.unit(u).staff) staff += n;
  std::cout << a.scenario << ": ok — '" << sc.name << "', " << sc.org.size() << " units on " << sc.levels.size()
            << " levels, " << sc.org.total_households() << " households, " << sc.roles.size() << " roles (" << staff
            << " staff), " << sc.categories.size() << " issue categories, policy '" << sc.policy.name << "'\n";
  for (const auto& w : govsim::io::scenario_warnings(sc)) std::cerr << "govsim: warning: " << w << "\n";
  return 0;
}

int cmd_run(const CommonArgs& a) {
  auto sc = load(a);
  const std::string& out_dir = a.out;
  if (!out_dir.empty()) govsim::io::make_output_dir(out_dir);  // before the run, not after it
  govsim::model::RunOptions opt;
  opt.policy = govsim::plugin::resolve_policy(sc);
  opt.threads = a.threads;
  opt.record_issues = a.issues || sc.run.record_issues;
  ProgressLine progress(sc.name, a.quiet);
  opt.progress = progress.callback();
  const auto result = govsim::model::run(sc, opt);
  progress.finish();
  if (!out_dir.empty()) govsim::io::write_results(result, out_dir);
  govsim::io::print_summary(result, std::cout);
  if (!out_dir.empty()) std::cout << "  results written to " << out_dir << "/\n";
  return 0;
}

int cmd_compare(const CommonArgs& a, const std::string& names, const std::vector<std::string>& variants,
                const std::string& variants_file) {
  auto sc = load(a);
  const std::string& out_dir = a.out;
  std::vector<govsim::model::PolicySpec> specs;
  std::string item;
  for (std::size_t i = 0; i <= names.size(); ++i) {
    if (i == names.size() || names[i] == ',') {
      if (!item.empty()) specs.push_back(govsim::plugin::policy_for_comparison(item, sc));
      item.clear();
    } else {
      item += names[i];
    }
  }
  for (const auto& v : variants) specs.push_back(govsim::plugin::parse_policy_option(v, sc));
  if (!variants_file.empty())
    for (auto& v : govsim::plugin::read_variants(variants_file, sc)) specs.push_back(std::move(v));
  if (specs.empty()) throw govsim::Error("compare: name the policies with --policies a,b,c or --policy (at least one)");
  std::vector<govsim::model::PolicyFactory> policies;
  for (const auto& s : specs) policies.push_back(govsim::plugin::resolve_policy(sc, s));  // all before any run
  if (!out_dir.empty()) {
    std::vector<std::string> labels;
    for (const auto& p : policies) labels.push_back(p.label);
    govsim::io::check_comparison_folders(labels);
  }
  govsim::model::RunOptions opt;
  opt.threads = a.threads;
  opt.record_issues = a.issues || sc.run.record_issues;
  ProgressLine progress("compare " + sc.name, a.quiet);
  opt.progress = progress.callback();
  const auto result = govsim::model::compare(sc, policies, opt);
  progress.finish();
  if (!out_dir.empty()) govsim::io::write_comparison(result, out_dir);
  govsim::io::print_comparison(result, std::cout);
  if (!out_dir.empty()) std::cout << "\n  results written to " << out_dir << "/\n";
  return 0;
}

// Runs the scenario and each variant of TARGETS and sets each reported figure beside the simulated
// one: fitted figures, held-out ones with their null variant's, and those not modelled.
int cmd_check(const CommonArgs& a, const std::string& targets) {
  const auto doc = scenario_document(a);
  const std::string& out = a.out;
  const auto spec = govsim::model::read_calibration_spec(govsim::io::read_json_file(targets), targets);
  if (!out.empty()) govsim::io::check_output_file(out);
  auto loader = [&](const govsim::io::json& d) { return load(a, d); };
  const std::string name = loader(doc).name;  // for the progress line; a bad scenario fails here
  govsim::model::RunOptions opt;
  opt.threads = a.threads;
  ProgressLine progress(name, a.quiet);
  opt.progress = progress.callback();
  const auto v = govsim::model::validate(doc, spec, loader, [](const govsim::model::Scenario& s) { return govsim::plugin::resolve_policy(s); }, opt);
  progress.finish();
  std::cout << "govsim check: " << name << " against " << targets << ", " << v.replications << " replications, seed " << v.seed;
  if (!spec.variants.empty()) std::cout << ", " << spec.variants.size() << " variants";
  std::cout << "\n";
  govsim::io::print_validation(v, std::cout);
  if (!out.empty()) {
    auto j = govsim::io::validation_json(v);
    j["scenario"] = a.scenario;
    j["targets"] = targets;
    if (!spec.description.empty()) j["description"] = spec.description;
    govsim::io::write_json_file(out, j);
  }
  using govsim::model::Verdict;
  std::cout << "\n  " << v.count(Verdict::kFitted) << " fitted within tolerance, " << v.count(Verdict::kPredicted)
            << " held out and predicted (the null variant misses), " << v.count(Verdict::kWeak)
            << " weak (the null variant reproduces them too), " << v.count(Verdict::kKnownMiss) << " known misses, "
            << v.count(Verdict::kNotModelled) << " not modelled\n";
  if (v.misses()) {
    std::cerr << "govsim: check failed: " << v.misses() << " figures outside their tolerance (" << v.count(Verdict::kFitMissed)
              << " fitted, " << v.count(Verdict::kMissed) << " held out)\n";
    return 1;
  }
  return 0;
}

// Fits TARGETS' parameters to its fitted figures; writes the fitted scenario and the fit report.
int cmd_calibrate(const CommonArgs& a, const std::string& targets) {
  std::string out_dir = a.out;
  const auto doc = scenario_document(a);
  const auto spec = govsim::model::read_calibration_spec(govsim::io::read_json_file(targets), targets);
  const auto sc = govsim::io::load_scenario(doc, a.scenario);  // a bad scenario fails before any search
  (void)govsim::plugin::resolve_policy(sc);
  if (out_dir.empty()) out_dir = "out/calibrate-" + sc.name;
  govsim::io::make_output_dir(out_dir);  // and so does an output folder that cannot be made
  govsim::model::RunOptions opt;
  opt.threads = a.threads;
  if (!a.quiet)
    std::cerr << "govsim: calibrating " << sc.name << ": " << spec.parameters.size() << " parameters, at most "
              << spec.max_evaluations << " evaluations\n";
  auto result = govsim::model::calibrate(doc, a.scenario, spec, [](const govsim::model::Scenario& s) { return govsim::plugin::resolve_policy(s); }, opt);
  std::ostringstream fitted;
  for (std::size_t i = 0; i < spec.parameters.size(); ++i)
    fitted << (i ? "; " : "") << spec.parameters[i].path << " = " << result.values[i];
  if (!result.fitted.contains("sources") || !result.fitted["sources"].is_object()) result.fitted["sources"] = govsim::io::json::object();
  result.fitted["sources"]["calibrated"] = "fitted by govsim calibrate " + a.scenario + " --targets " + targets + " (" +
                                           std::to_string(result.evaluations) + " evaluations): " + fitted.str();
  const auto scenario_out = std::filesystem::path(out_dir) / (sc.name + ".fitted.json");
  govsim::io::write_json_file(scenario_out, result.fitted);
  govsim::io::json report;
  report["scenario"] = a.scenario;
  report["targets"] = targets;
  report["evaluations"] = result.evaluations;
  report["objective"] = result.objective;
  report["reached"] = result.reached;
  report["stopped_at_max_evaluations"] = result.stopped_at_max;
  report["not_reached"] = result.not_reached;
  report["singular_values"] = result.singular_values;
  report["parameters"] = govsim::io::json::array();
  auto finite = [](double v) { return std::isfinite(v) ? govsim::io::json(v) : govsim::io::json(nullptr); };
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const auto& e = result.estimates[i];
    report["parameters"].push_back({{"path", spec.parameters[i].path},
                                    {"low", spec.parameters[i].low},
                                    {"high", spec.parameters[i].high},
                                    {"value", result.values[i]},
                                    {"ci_low", finite(e.low)},
                                    {"ci_high", finite(e.high)},
                                    {"sensitivity", e.sensitivity},
                                    {"at_bound", e.at_bound},
                                    {"identifiability", e.identifiability},
                                    {"confounded_with", e.with}});
  }
  report["figures"] = govsim::io::target_checks_json(result.checks);
  govsim::io::write_json_file(std::filesystem::path(out_dir) / "fit.json", report);
  std::cout << "govsim calibrate: " << sc.name << ", " << result.evaluations << " evaluations, objective "
            << result.objective << "\n";
  char line[512];
  std::snprintf(line, sizeof line, "  %-52s %12s  %-28s %11s  %s\n", "parameter", "fitted", "95% interval (replications)",
                "sensitivity", "identifiability");
  std::cout << line;
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const auto& e = result.estimates[i];
    char ci[64] = "-";
    if (std::isfinite(e.low)) std::snprintf(ci, sizeof ci, "[%.5g, %.5g]", e.low, e.high);
    std::string ident = e.identifiability;
    for (std::size_t k = 0; k < e.with.size(); ++k) ident += (k ? ", " : " with ") + e.with[k];
    if (e.at_bound) ident += " (at its bound)";
    std::snprintf(line, sizeof line, "  %-52s %12.5g  %-28s %11.4g  %s\n", spec.parameters[i].path.c_str(), e.value, ci, e.sensitivity,
                  ident.c_str());
    std::cout << line;
  }
  govsim::io::print_target_checks(result.checks, std::cout);
  std::cout << "  fitted scenario written to " << scenario_out.string() << ", report to " << out_dir << "/fit.json\n";
  if (!result.reached) {
    std::cerr << "govsim: calibrate did not reach its figures; the nearest point found is written:\n";
    for (const auto& why : result.not_reached) std::cerr << "  " << why << "\n";
    return 1;
  }
  return 0;
}

int cmd_analyze(const CommonArgs& a, double pilot_days, std::uint32_t reps, const std::string& policy) {
  const auto sc = govsim::io::load_scenario_file(a.scenario, a.sets);
  const std::string& out = a.out;
  govsim::analysis::AnalyzeOptions opt;
  opt.pilot_days = pilot_days;
  opt.replications = reps;
  opt.threads = a.threads;
  opt.policy = govsim::plugin::resolve_policy_option(sc, policy);
  if (!out.empty()) govsim::io::check_output_file(out);
  const auto model = govsim::analysis::analyze(sc, opt);
  std::cout << govsim::analysis::format(model);
  if (!out.empty()) {
    govsim::io::write_json_file(out, govsim::analysis::to_json(model));
    std::cout << "\n  written to " << out << "\n";
  }
  return 0;
}

int cmd_staff(const CommonArgs& a, govsim::analysis::StaffOptions opt, const std::vector<std::string>& targets,
              const std::string& policy) {
  const std::string& out_dir = a.out;
  opt.threads = a.threads;
  // The scenario document with the --set overrides applied, re-loaded per staffing candidate.
  auto doc = govsim::io::read_json_file(a.scenario);
  for (const auto& o : a.sets) govsim::io::apply_override(doc, o, a.scenario);
  const auto sc = govsim::io::load_scenario(doc, a.scenario);
  for (const auto& t : targets) opt.targets.push_back(govsim::analysis::parse_staff_target(t));
  opt.policy = govsim::plugin::resolve_policy_option(sc, policy);
  if (!out_dir.empty()) govsim::io::make_output_dir(out_dir);  // before the search, not after it
  const auto result = govsim::analysis::solve_staffing(doc, a.scenario, opt);
  std::cout << govsim::analysis::format(result);
  if (!out_dir.empty()) {
    govsim::io::write_json_file(out_dir + "/staff.json", govsim::analysis::to_json(result));
    std::ostringstream c;
    c << "setting,staff,households_per_worker,replications,feasible,metric,mean,low,high,verdict\n";
    for (const auto& p : result.points)
      for (std::size_t k = 0; k < p.metrics.size(); ++k)
        c << p.setting << "," << p.staff << "," << p.households_per_worker << "," << p.replications << ","
          << (p.feasible ? 1 : 0) << "," << result.targets[k].metric << "," << p.metrics[k].mean << "," << p.metrics[k].low
          << "," << p.metrics[k].high << "," << p.verdicts[k] << "\n";
    govsim::io::write_text_file(out_dir + "/staff_curve.csv", c.str());
    std::cout << "\n  written to " << out_dir << "/staff.json and staff_curve.csv\n";
  }
  return 0;
}

int cmd_plugins() {
  const auto d = govsim::plugin::discover_policies();
  std::cout << "Policies (built-in, then plugin libraries on the search path):\n";
  for (const auto& h : d.policies) {
    const auto& info = h.info();
    std::cout << "\n  " << info.name << " " << (info.version ? info.version : "?") << "  (" << h.origin() << ")\n";
    if (info.summary) std::cout << "    " << info.summary << "\n";
    for (std::size_t i = 0; i < info.param_count; ++i) {
      const auto& p = info.params[i];
      std::cout << "    - " << p.name << " (" << p.type << ", default " << p.default_value << "): " << p.description << "\n";
    }
  }
  std::cout << "\nSearch path:";
  for (const auto& dir : govsim::plugin::plugin_search_path()) std::cout << " " << dir;
  std::cout << "\n";
  for (const auto& problem : d.problems) std::cerr << "govsim: warning: " << problem << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"govsim — discrete-event simulation of grassroots governance"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "govsim 0.1.0");

  // The shared options, each added by one function: what a subcommand takes is a list of flags.
  enum : unsigned { kReps = 1, kSeed = 2, kThreads = 4, kIssues = 8, kQuiet = 16 };
  const auto seed_check = CLI::Validator(check_seed, "SEED");
  auto add_common = [&](CLI::App* cmd, CommonArgs& c, unsigned take, const char* out_help) {
    cmd->add_option("scenario", c.scenario, "Scenario JSON file")->required();
    cmd->add_option("--set", c.sets, "Override a scenario value: PATH=VALUE (JSON pointer or dotted path)");
    if (take & kReps) cmd->add_option("--reps", c.reps, "Replications (overrides run.replications)")->check(CLI::Range(1u, 100000u));
    if (take & kSeed) cmd->add_option("--seed", c.seed, "Seed (overrides run.seed)")->check(seed_check);
    if (take & kThreads) cmd->add_option("--threads", c.threads, "Worker threads (0 = all cores)")->default_val(0);
    if (out_help) cmd->add_option("--out", c.out, out_help);
    if (take & kIssues) cmd->add_flag("--issues", c.issues, "Record the per-issue table (issues.csv; compare: one per policy)");
    if (take & kQuiet) cmd->add_flag("--quiet", c.quiet, "No progress line on stderr");
  };

  CommonArgs run_args;
  auto* run = app.add_subcommand("run", "Run a scenario's replications and summarise them");
  add_common(run, run_args, kReps | kSeed | kThreads | kIssues | kQuiet, "Write summary.json, timeseries.csv (and issues.csv) here");

  CommonArgs cmp_args;
  std::string cmp_names;
  std::vector<std::string> cmp_variants;
  auto* cmp = app.add_subcommand("compare", "Run several policies on the same random numbers and compare them in pairs");
  add_common(cmp, cmp_args, kReps | kSeed | kThreads | kIssues | kQuiet, "Write compare.json and one folder of results per policy here");
  cmp->add_option("--policies", cmp_names, "Policy names, comma-separated; the first is the baseline");
  cmp->add_option("--policy", cmp_variants,
                  "A policy with parameters: [LABEL=]NAME[:{JSON}], e.g. 'community=tiered:{\"start_level\": \"community\"}'; "
                  "repeatable, after --policies");
  std::string cmp_variants_file;
  cmp->add_option("--variants", cmp_variants_file,
                  "A JSON file of named variants {LABEL: {\"policy\": NAME, \"params\": {merge patch}}}, after --policies and --policy")
      ->check(CLI::ExistingFile);

  auto* plugins = app.add_subcommand("plugins", "List the policies found (built-in and plugin libraries) with their parameters");

  CommonArgs val_args;
  auto* validate = app.add_subcommand("validate", "Check a scenario and report what it describes");
  add_common(validate, val_args, 0, nullptr);

  CommonArgs chk_args;
  std::string chk_targets;
  auto* check = app.add_subcommand("check", "Run a scenario and compare it with reported figures (exit 1 if one is outside its tolerance)");
  add_common(check, chk_args, kThreads | kQuiet, "Also write the comparison as JSON to this file");
  check->add_option("--targets", chk_targets, "Targets JSON file (reported figures)")->required();

  CommonArgs cal_args;
  std::string cal_targets;
  auto* cal = app.add_subcommand("calibrate", "Fit scenario values so that simulated figures match reported ones");
  add_common(cal, cal_args, kThreads | kQuiet, "Where to write <name>.fitted.json and fit.json (default out/calibrate-<name>)");
  cal->add_option("--targets", cal_targets, "Targets JSON file: parameters to fit and reported figures")->required();

  CommonArgs an_args;
  double an_days = 90;
  std::uint32_t an_reps = 4;
  std::string an_policy;
  auto* an = app.add_subcommand("analyze", "Queueing theory beside a short simulation: traffic equations, Erlang C/A per station, "
                                           "where issues end, seasonal offered load");
  add_common(an, an_args, kThreads | kQuiet, "Also write the model as JSON to this file");
  an->add_option("--pilot-days", an_days, "Measured days of the pilot simulation (after the scenario's warm-up)")
      ->default_val(90)->check(CLI::Range(1.0, 36500.0));
  an->add_option("--reps", an_reps, "Pilot replications")->default_val(4)->check(CLI::Range(1u, 10000u));
  an->add_option("--policy", an_policy, "Analyse this policy instead of the scenario's: [LABEL=]NAME[:{JSON}]");

  CommonArgs st_args;
  govsim::analysis::StaffOptions st_opt;
  std::vector<std::string> st_targets;
  std::string st_policy;
  auto* st = app.add_subcommand("staff", "Find the fewest staff of a role (the most households per worker) meeting service "
                                         "targets, by simulation from the analytic estimate");
  add_common(st, st_args, kThreads | kQuiet, "Write staff.json and staff_curve.csv here");
  st->add_option("--role", st_opt.role, "The role to staff (placed by a level rule: count or per_households)")->required();
  st->add_option("--target", st_targets, "METRIC<=VALUE or METRIC>=VALUE, units h d w %: e.g. p90_time_to_resolve<=72h; repeatable")
      ->required();
  st->add_option("--confidence", st_opt.confidence, "Confidence that a reported level meets all its targets")->default_val(0.95);
  st->add_option("--reps", st_opt.initial_reps, "Replications per candidate to start with")->default_val(4)->check(CLI::Range(2u, 10000u));
  st->add_option("--max-reps", st_opt.max_reps, "Replications per candidate at most (undecided there = not met)")
      ->default_val(32)->check(CLI::Range(2u, 100000u));
  st->add_option("--min-households", st_opt.min_households, "per_households roles: fewest households per worker searched");
  st->add_option("--max-households", st_opt.max_households, "per_households roles: most households per worker searched");
  st->add_option("--max-per-unit", st_opt.max_per_unit, "count roles: most staff per unit searched (0: twice the analytic estimate)")->check(CLI::Range(0u, 100000u));
  st->add_option("--curve", st_opt.curve_points, "Points of the curve besides the search's")->default_val(8)->check(CLI::Range(0, 200));
  st->add_option("--policy", st_policy, "Staff for this policy instead of the scenario's: [LABEL=]NAME[:{JSON}]");

  for (int i = 1; i < argc; ++i)
    if (!govsim::is_valid_utf8(argv[i])) {  // they reach JSON output and messages
      std::cerr << "govsim: error: expected command-line arguments in UTF-8, got '" << govsim::printable(argv[i], 60)
                << "' (see govsim --help)\n";
      return 2;
    }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    // A usage error: the same one-line form as every other error, exit status 2.
    std::cerr << "govsim: error: " << govsim::printable(e.what(), 300) << " (see govsim --help)\n";
    return 2;
  }
  try {
    if (*run) return cmd_run(run_args);
    if (*validate) return cmd_validate(val_args);
    if (*plugins) return cmd_plugins();
    if (*check) return cmd_check(chk_args, chk_targets);
    if (*st) return cmd_staff(st_args, st_opt, st_targets, st_policy);
    if (*an) return cmd_analyze(an_args, an_days, an_reps, an_policy);
    if (*cal) return cmd_calibrate(cal_args, cal_targets);
    if (*cmp) return cmd_compare(cmp_args, cmp_names, cmp_variants, cmp_variants_file);
  } catch (const govsim::Error& e) {
    std::cerr << "govsim: error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "govsim: internal error: " << govsim::printable(e.what(), govsim::kMaxMessageBytes) << "\n";
    return 3;
  } catch (...) {
    std::cerr << "govsim: internal error: an exception that is not a std::exception\n";
    return 3;
  }
  return 0;
}
