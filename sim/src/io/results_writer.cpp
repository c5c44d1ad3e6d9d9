#include "govsim/io/results_writer.hpp"

#include <cstdio>
#include <filesystem>
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
    for (const auto& [name, value] : rep.metrics(r.level_names, r.role_names, r.grassroots_level)) m[name] = value;
    x["metrics"] = m;
    per.push_back(x);
  }
  j["per_replication"] = per;
  j["events"] = r.events;
  j["wall_seconds"] = r.wall_seconds;
  return j;
}

namespace {
std::ofstream open_out(const std::filesystem::path& p) {
  std::ofstream out(p);
  if (!out) throw Error("cannot write " + p.string());
  out << std::setprecision(10);
  return out;
}
}  // namespace

void write_issues_csv(const model::RunResult& r, std::ostream& out) {
  out << "replication,id,category,origin,severity,created_h,discovered_h,first_response_h,closed_h,outcome,level,unit,"
         "attempts,escalations\n";
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
          << is.attempts << ',' << is.escalations << '\n';
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
  std::filesystem::path dir(directory);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error("cannot create output directory " + directory + ": " + ec.message());
  {
    auto out = open_out(dir / "summary.json");
    out << summary_json(r).dump(2) << '\n';
  }
  {
    auto out = open_out(dir / "timeseries.csv");
    write_timeseries_csv(r, out);
  }
  if (!r.unit_names.empty()) {
    auto out = open_out(dir / "issues.csv");
    write_issues_csv(r, out);
  } else {
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
  std::snprintf(line, sizeof line, "\n  %.3g events in %.2f s (%.3g events/s)\n", double(r.events), r.wall_seconds,
                r.wall_seconds > 0 ? r.events / r.wall_seconds : 0.0);
  out << line;
}

}  // namespace govsim::io
