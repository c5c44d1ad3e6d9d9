#include "govsim/io/results_writer.hpp"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "govsim/error.hpp"

namespace govsim::io {

json summary_json(const model::RunResult& r) {
  json j;
  j["scenario"] = r.scenario;
  j["policy"] = r.policy;
  j["seed"] = r.seed;
  j["replications"] = r.replications.size();
  j["levels"] = r.level_names;
  j["grassroots_level"] = r.level_names.at(r.grassroots_level);
  json metrics = json::object();
  for (const auto& m : r.summary) {
    metrics[m.name] = {{"mean", m.ci.mean}, {"ci_low", m.ci.low}, {"ci_high", m.ci.high}, {"half_width", m.ci.half_width}};
  }
  j["metrics"] = metrics;
  json per = json::array();
  for (const auto& rep : r.replications) {
    json x;
    x["replication"] = rep.replication;
    x["events"] = rep.events;
    x["conservation"] = {{"created", rep.created_all},     {"resolved", rep.resolved_all},
                         {"closed_unresolved", rep.closed_all}, {"withdrawn", rep.withdrawn_all},
                         {"open", rep.open_all}};
    json m = json::object();
    for (const auto& [name, value] : rep.metrics(r.names())) m[name] = value;
    x["metrics"] = m;
    per.push_back(x);
  }
  j["per_replication"] = per;
  j["events"] = r.events;
  j["wall_seconds"] = r.wall_seconds;
  return j;
}

void make_output_dir(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(directory, ec) && !fs::is_directory(directory, ec))
    throw Error("cannot write into " + directory + ": it exists and is not a directory");
  fs::create_directories(directory, ec);
  if (ec) throw Error("cannot create the output directory " + directory + ": " + ec.message());
}

void check_output_file(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw Error("cannot write " + path.string() + ": it is a directory");
  const auto parent = path.parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec))
    throw Error("cannot write " + path.string() + ": there is no directory " + parent.string());
}

namespace {
std::ofstream open_out(const std::filesystem::path& p) {
  check_output_file(p);
  std::ofstream out(p);
  if (!out) throw Error("cannot write " + p.string());
  out << std::setprecision(10);
  return out;
}
}  // namespace

void write_json_file(const std::filesystem::path& path, const json& doc) { write_text_file(path, doc.dump(2) + "\n"); }

void write_text_file(const std::filesystem::path& path, const std::string& text) {
  auto out = open_out(path);
  out << text;
  out.close();
  if (!out) throw Error("cannot write " + path.string());
}

void write_issues_csv(const model::RunResult& r, std::ostream& out) {
  out << "replication,id,category,origin,severity,created_h,discovered_h,first_response_h,closed_h,outcome,level,unit,"
         "attempts,escalations,reworks,satisfaction\n";
  auto opt = [](double x) {
    if (x < 0) return std::string();
    std::ostringstream os;
    os << std::setprecision(10) << x;
    return os.str();
  };
  for (const auto& rep : r.replications) {
    for (const auto& is : rep.issues) {
      const std::string& unit = r.unit_names.at(is.closed_at);
      out << rep.replication << ',' << is.id << ',' << r.category_names[is.category] << ','
          << r.unit_names.at(is.origin) << ',' << int(is.severity) << ',' << is.created << ','
          << opt(is.discovered) << ',' << opt(is.first_response) << ',' << opt(is.closed) << ','
          << model::to_string(is.outcome) << ',' << r.level_names[r.unit_levels.at(is.closed_at)] << ',' << unit << ','
          << is.attempts << ',' << is.escalations << ',' << is.reworks << ','
          << (is.satisfaction < 0 ? std::string() : opt(is.satisfaction)) << '\n';
    }
  }
}

void write_timeseries_csv(const model::RunResult& r, std::ostream& out) {
  out << "replication,time_h,day";
  for (const auto& l : r.level_names) out << ",open_" << l;
  out << ",undiscovered\n";
  const std::size_t width = r.level_names.size() + 1;
  for (const auto& rep : r.replications) {
    for (std::size_t s = 0; s < rep.sample_times.size(); ++s) {
      out << rep.replication << ',' << rep.sample_times[s] << ',' << rep.sample_times[s] / 24.0;
      for (std::size_t k = 0; k < width; ++k) out << ',' << rep.backlog[s * width + k];
      out << '\n';
    }
  }
}

void write_results(const model::RunResult& r, const std::string& directory) {
  const std::filesystem::path dir(directory);
  make_output_dir(directory);
  write_json_file(dir / "summary.json", summary_json(r));
  {
    auto out = open_out(dir / "timeseries.csv");
    write_timeseries_csv(r, out);
  }
  if (!r.unit_names.empty()) {
    auto out = open_out(dir / "issues.csv");
    write_issues_csv(r, out);
  } else {
    std::error_code ec;
    std::filesystem::remove(dir / "issues.csv", ec);  // an old table would not match this run
  }
}

void print_summary(const model::RunResult& r, std::ostream& out) {
  char line[256];
  const bool with_ci = r.replications.size() >= 2;
  auto row = [&](const char* label, const std::string& metric, double scale, const char* unit) {
    const auto& m = r.metric(metric).ci;
    if (with_ci)
      std::snprintf(line, sizeof line, "  %-34s %12.4g  [%.4g, %.4g]%s\n", label, m.mean * scale, m.low * scale,
                    m.high * scale, unit);
    else
      std::snprintf(line, sizeof line, "  %-34s %12.4g%s\n", label, m.mean * scale, unit);
    out << line;
  };
  out << "govsim: " << r.scenario << " — policy " << r.policy << ", " << r.replications.size()
      << " replications, seed " << r.seed << "\n";
  out << (with_ci ? "  (mean and 95% CI over replications; issues created after the warm-up)\n"
                  : "  (one replication: no confidence interval; issues created after the warm-up)\n");
  row("issues created", "created", 1, "");
  row("resolved", "resolved", 1, "");
  row("closed unresolved", "closed_unresolved", 1, "");
  row("withdrawn", "withdrawn", 1, "");
  row("open at end", "open_at_end", 1, "");
  row("resolution rate", "resolution_rate", 100, " %");
  row(("resolved at or below " + r.level_names[r.grassroots_level]).c_str(), "grassroots_share", 100, " %");
  row("time to resolve, mean", "ttr_mean_hours", 1.0 / 24, " days");
  row("time to resolve, p50", "ttr_p50_hours", 1.0 / 24, " days");
  row("time to resolve, p90", "ttr_p90_hours", 1.0 / 24, " days");
  row("time to resolve, p95", "ttr_p95_hours", 1.0 / 24, " days");
  if (r.find_metric("sla_compliance")) {
    row("resolved within the SLA limit", "sla_compliance", 100, " %");
    row("SLA breaches", "sla_breaches", 1, "");
  }
  // The mechanics some policies use, when they were used.
  if (r.metric("joint_handlings").ci.mean > 0) {
    row("joint handlings (summons)", "joint_handlings", 1, "");
    row("departments per joint handling", "departments_per_joint_handling", 1, "");
  }
  if (r.metric("dispatched").ci.mean > 0) {
    row("dispatched to volunteers", "dispatched", 1, "");
    row("taken by volunteers", "taken_by_volunteers", 1, "");
  }
  if (r.metric("meetings_held").ci.mean > 0) row("meetings held", "meetings_held", 1, "");
  if (r.metric("satisfaction_mean").ci.mean > 0) row("satisfaction (0-1)", "satisfaction_mean", 1, "");
  out << "  resolved at level:";
  for (const auto& l : r.level_names) {
    std::snprintf(line, sizeof line, " %s %.1f", l.c_str(), r.metric("resolved_at_level." + l).ci.mean);
    out << line;
  }
  out << "\n  utilisation:";
  for (const auto& m : r.summary) {
    if (m.name.rfind("utilisation.", 0) != 0) continue;
    std::snprintf(line, sizeof line, " %s %.1f%%", m.name.substr(12).c_str(), 100 * m.ci.mean);
    out << line;
  }
  // Time use, duties and cost, when the scenario has them.
  bool time_header = false;
  for (const auto& m : r.summary) {
    if (m.name.rfind("time.idle.", 0) != 0) continue;
    const std::string g = m.name.substr(10);
    if (!time_header) {
      out << "\n  time use, % of working hours:";
      time_header = true;
    }
    out << "\n    " << g << ":";
    for (const char* k : model::kWorkNames) {
      std::snprintf(line, sizeof line, " %s %.1f", k, 100 * r.metric(std::string("time.") + k + "." + g).ci.mean);
      out << line;
    }
    std::snprintf(line, sizeof line, ", idle %.1f", 100 * m.ci.mean);
    out << line;
    if (const auto* v = r.find_metric("visits." + g)) {
      std::snprintf(line, sizeof line, "; %.4g visits, %.1f%% within their interval", v->ci.mean,
                    100 * r.metric("visit_coverage." + g).ci.mean);
      out << line;
    }
    if (const auto* o = r.find_metric("overdue_hours." + g); o && o->ci.mean > 0) {
      std::snprintf(line, sizeof line, "; %.4g h of duties overdue at the end", o->ci.mean);
      out << line;
    }
  }
  if (r.find_metric("found_by.residents")) {
    out << "\n  issues found by:";
    for (const char* k : model::kFinderNames) {
      std::snprintf(line, sizeof line, " %s %.4g", k, r.metric(std::string("found_by.") + k).ci.mean);
      out << line;
    }
  }
  if (const auto* c = r.find_metric("cost_per_year")) {
    std::snprintf(line, sizeof line, "\n  staff cost: %.4g a year, %.4g per household-year, %.4g per issue solved", c->ci.mean,
                  r.metric("cost_per_household_year").ci.mean, r.metric("cost_per_solved").ci.mean);
    out << line;
  }
  std::snprintf(line, sizeof line, "\n  %.3g events in %.2f s (%.3g events/s)\n", double(r.events), r.wall_seconds,
                r.wall_seconds > 0 ? r.events / r.wall_seconds : 0.0);
  out << line;
}

namespace {
json interval(const core::Interval95& ci) {
  return {{"mean", ci.mean}, {"ci_low", ci.low}, {"ci_high", ci.high}, {"half_width", ci.half_width}};
}
// A label as a folder name: letters, digits, '-', '_' and '.' kept, the rest replaced by '_'.
std::string folder_name(const std::string& label) {
  std::string out;
  for (char c : label) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
  return out.empty() || out == "." || out == ".." ? "policy" : out;
}
}  // namespace

json comparison_json(const model::ComparisonResult& r) {
  const auto& base = r.runs.front();
  json j;
  j["scenario"] = base.scenario;
  j["seed"] = base.seed;
  j["replications"] = base.replications.size();
  j["baseline"] = base.policy;
  json labels = json::array();
  for (const auto& run : r.runs) labels.push_back(run.policy);
  j["policies"] = labels;
  json metrics = json::object();
  for (std::size_t k = 0; k < base.summary.size(); ++k) {
    json per = json::object();
    for (const auto& run : r.runs) per[run.policy] = interval(run.summary[k].ci);
    metrics[base.summary[k].name] = per;
  }
  j["metrics"] = metrics;
  json diffs = json::object();
  for (std::size_t i = 1; i < r.runs.size(); ++i) {
    json d = json::object();
    for (const auto& m : r.differences[i - 1]) d[m.name] = interval(m.ci);
    diffs[r.runs[i].policy] = d;
  }
  j["differences_vs_baseline"] = diffs;
  return j;
}

void check_comparison_folders(const std::vector<std::string>& labels) {
  std::map<std::string, std::string> seen;
  for (const auto& l : labels) {
    auto [it, fresh] = seen.emplace(folder_name(l), l);
    if (!fresh)
      throw Error("compare: the policies labelled '" + it->second + "' and '" + l + "' would write to the same folder '" +
                  it->first + "' (labels keep letters, digits, '-', '_' and '.'); give one another label");
  }
}

void write_comparison(const model::ComparisonResult& r, const std::string& directory) {
  std::vector<std::string> labels;
  for (const auto& run : r.runs) labels.push_back(run.policy);
  check_comparison_folders(labels);
  const std::filesystem::path dir(directory);
  make_output_dir(directory);
  write_json_file(dir / "compare.json", comparison_json(r));
  for (const auto& run : r.runs) write_results(run, (dir / folder_name(run.policy)).string());
}

void print_comparison(const model::ComparisonResult& r, std::ostream& out) {
  const auto& base = r.runs.front();
  out << "govsim compare: " << base.scenario << ", " << base.replications.size() << " replications, seed " << base.seed
      << ", common random numbers\n";
  out << "  (mean [95% CI]; for the others also the paired difference from " << base.policy << ")\n";
  struct Row {
    const char* label;
    const char* metric;
    double scale;
  };
  const Row rows[] = {{"issues created", "created", 1},
                      {"resolution rate, %", "resolution_rate", 100},
                      {"resolved at grassroots, %", "grassroots_share", 100},
                      {"time to resolve, mean, days", "ttr_mean_hours", 1.0 / 24},
                      {"time to resolve, p90, days", "ttr_p90_hours", 1.0 / 24},
                      {"escalations", "escalations", 1},
                      {"withdrawal rate, %", "withdrawal_rate", 100},
                      {"SLA met, %", "sla_compliance", 100},
                      {"satisfaction (0-1)", "satisfaction_mean", 1},
                      {"reworks", "reworks", 1},
                      {"meetings held", "meetings_held", 1},
                      {"joint handlings", "joint_handlings", 1},
                      {"taken by volunteers", "taken_by_volunteers", 1},
                      {"street attempts per day", "attempts_per_hour.street", 24}};
  char line[512];
  for (std::size_t i = 0; i < r.runs.size(); ++i) {
    const auto& run = r.runs[i];
    out << "\n  " << run.policy << (i == 0 ? "  (baseline)" : "") << "\n";
    for (const auto& row : rows) {
      if (!base.find_metric(row.metric)) continue;  // not measured in this scenario (no SLA, no such level)
      const auto& m = run.metric(row.metric).ci;
      int n = std::snprintf(line, sizeof line, "    %-30s %10.4g [%.4g, %.4g]", row.label, m.mean * row.scale,
                            m.low * row.scale, m.high * row.scale);
      if (i > 0) {
        for (const auto& d : r.differences[i - 1]) {
          if (d.name != row.metric) continue;
          std::snprintf(line + n, sizeof line - n, "   diff %+.4g [%+.4g, %+.4g]", d.ci.mean * row.scale,
                        d.ci.low * row.scale, d.ci.high * row.scale);
        }
      }
      out << line << "\n";
    }
  }
}

void print_target_checks(const std::vector<model::TargetCheck>& checks, std::ostream& out) {
  char line[512];
  std::snprintf(line, sizeof line, "  %-34s %12s  %-30s %8s  %-14s %s\n", "figure", "reported", "simulated [95% CI]", "error",
                "use", "within");
  out << line;
  for (const auto& c : checks) {
    char sim[128], use[32];
    std::snprintf(sim, sizeof sim, "%.5g [%.5g, %.5g]", c.simulated.mean, c.simulated.low, c.simulated.high);
    std::snprintf(use, sizeof use, "%s %s%.3g%%", c.target.fit ? "fit" : "held out", c.target.at_least ? ">= -" : "", 100 * c.target.tolerance);
    std::snprintf(line, sizeof line, "  %-34s %12.5g  %-30s %+7.1f%%  %-14s %s\n", c.target.metric.c_str(), c.target.value, sim,
                  100 * c.relative_error, use, c.within ? "yes" : "NO");
    out << line;
  }
}

void print_validation(const model::Validation& v, std::ostream& out) {
  char line[512];
  std::snprintf(line, sizeof line, "  %-34s %11s  %-30s %8s  %-14s %-30s %s\n", "figure", "reported", "simulated [95% CI]", "error",
                "use", "null variant: simulated", "verdict");
  out << line;
  for (const auto& f : v.figures) {
    const auto& t = f.target;
    char reported[32] = "-";
    if (t.has_value) std::snprintf(reported, sizeof reported, "%.5g", t.value);
    if (!f.check) {
      std::snprintf(line, sizeof line, "  %-34.34s %11s  %-30s %8s  %-14s %-30s ", t.metric.empty() ? "-" : t.metric.c_str(), reported,
                    "-", "", "", "");
      out << line << model::verdict_name(f.verdict) << ": " << t.reason << "\n";  // a reason of any length, on its line
      continue;
    }
    const auto& c = *f.check;
    char sim[128], use[32], null[160] = "";
    std::snprintf(sim, sizeof sim, "%.5g [%.5g, %.5g]", c.simulated.mean, c.simulated.low, c.simulated.high);
    std::snprintf(use, sizeof use, "%s %s%.3g%%", t.fit ? "fit" : "held out", t.at_least ? ">= -" : "", 100 * t.tolerance);
    if (f.null)
      std::snprintf(null, sizeof null, "%.60s: %.5g (%+.1f%%)", t.null_variant.c_str(), f.null->simulated.mean, 100 * f.null->relative_error);
    std::snprintf(line, sizeof line, "  %-34s %11s  %-30s %+7.1f%%  %-14s %-30s ", t.metric.c_str(), reported, sim, 100 * c.relative_error,
                  use, null);
    out << line << model::verdict_name(f.verdict);
    if (f.verdict == model::Verdict::kKnownMiss) out << ": " << t.reason;
    else if (t.known_miss) out << " (listed as a known miss, now within its tolerance: remove \"known_miss\")";
    out << "\n";
  }
  for (const auto& var : v.variants) {
    out << "\n  " << (var.variant.reading ? "reading" : "null variant") << " '" << var.variant.name << "'";
    if (!var.variant.description.empty()) out << ": " << var.variant.description;
    out << "\n";
    if (!var.variant.reading) continue;
    for (const auto& c : var.checks) {
      std::snprintf(line, sizeof line, "    %-32s %11.5g  %.5g [%.5g, %.5g]  %+7.1f%%  %s\n", c.target.metric.c_str(), c.target.value,
                    c.simulated.mean, c.simulated.low, c.simulated.high, 100 * c.relative_error, c.within ? "within" : "outside");
      out << line;
    }
  }
}

json validation_json(const model::Validation& v) {
  json figures = json::array();
  for (const auto& f : v.figures) {
    json j;
    const auto& t = f.target;
    if (!t.metric.empty()) j["metric"] = t.metric;
    if (t.has_value) j["reported"] = t.value;
    j["use"] = !t.modelled ? "not_modelled" : t.fit ? "fit" : "hold_out";
    if (!t.source.empty()) j["source"] = t.source;
    if (!t.reason.empty()) j["reason"] = t.reason;
    if (f.check) {
      j["tolerance"] = t.tolerance;
      if (t.at_least) j["at_least"] = true;
      j["simulated"] = interval(f.check->simulated);
      j["relative_error"] = f.check->relative_error;
      j["within"] = f.check->within;
    }
    if (f.null) {
      j["null"] = {{"variant", t.null_variant},
                   {"simulated", interval(f.null->simulated)},
                   {"relative_error", f.null->relative_error},
                   {"within", f.null->within}};
      j["discriminates"] = f.check->within && !f.null->within;
    }
    j["verdict"] = model::verdict_name(f.verdict);
    if (t.known_miss && f.verdict != model::Verdict::kKnownMiss) j["known_miss_now_within"] = true;
    figures.push_back(j);
  }
  json variants = json::array();
  for (const auto& var : v.variants) {
    json set = json::object();
    for (const auto& [k, val] : var.variant.set) set[k] = val;
    variants.push_back({{"name", var.variant.name},
                        {"kind", var.variant.reading ? "reading" : "null"},
                        {"description", var.variant.description},
                        {"set", set},
                        {"figures", target_checks_json(var.checks)}});
  }
  json counts = json::object();
  for (auto verdict : {model::Verdict::kFitted, model::Verdict::kFitMissed, model::Verdict::kPredicted, model::Verdict::kWeak,
                       model::Verdict::kMissed, model::Verdict::kKnownMiss, model::Verdict::kNotModelled})
    counts[model::verdict_name(verdict)] = v.count(verdict);
  return {{"replications", v.replications}, {"seed", v.seed}, {"counts", counts}, {"figures", figures}, {"variants", variants}};
}

json target_checks_json(const std::vector<model::TargetCheck>& checks) {
  json out = json::array();
  for (const auto& c : checks) {
    json j;
    j["metric"] = c.target.metric;
    j["reported"] = c.target.value;
    j["use"] = c.target.fit ? "fit" : "hold_out";
    j["tolerance"] = c.target.tolerance;
    if (!c.target.source.empty()) j["source"] = c.target.source;
    j["simulated"] = interval(c.simulated);
    j["relative_error"] = c.relative_error;
    j["within"] = c.within;
    out.push_back(j);
  }
  return out;
}

}  // namespace govsim::io
