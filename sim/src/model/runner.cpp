#include "govsim/model/runner.hpp"

#include <atomic>
#include <chrono>
#include <exception>
#include <sstream>
#include <system_error>
#include <thread>
#include <unistd.h>

#include "govsim/error.hpp"
#include "govsim/model/engine.hpp"

namespace govsim::model {

const MetricSummary* RunResult::find_metric(const std::string& name) const {
  for (const auto& m : summary)
    if (m.name == name) return &m;
  return nullptr;
}

const MetricSummary& RunResult::metric(const std::string& name) const {
  if (const MetricSummary* m = find_metric(name)) return *m;
  throw Error("no metric named '" + name + "' in the results of '" + scenario + "'");
}

double expected_issues_per_replication(const Scenario& sc) {
  const double households = static_cast<double>(sc.org.total_households());
  const double days = sc.run.horizon_days;
  double total = 0;
  for (std::size_t c = 0; c < sc.categories.size(); ++c) {
    double surge_days = 0;  // extra days' worth of demand the surges add within the horizon
    for (const auto& s : sc.surges)
      if (s.categories.empty() || s.categories[c]) {
        const double overlap = std::min<double>(s.last_day + 1, days) - std::max<double>(s.first_day, 0);
        if (overlap > 0) surge_days += overlap * (s.multiplier - 1);
      }
    total += households * sc.categories[c].rate_per_household_year / 365.0 * (days + surge_days);
  }
  return total;
}

std::uint64_t memory_budget_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return std::uint64_t{8} << 30;  // unknown: assume a small machine
  return static_cast<std::uint64_t>(pages) / 4 * 3 * static_cast<std::uint64_t>(page);
}

namespace {
// Refuses, before anything runs, what cannot fit: more issues than ids can count, or a per-issue
// table (kept for every replication until the run ends) larger than the memory budget.
void check_run_size(const Scenario& sc, bool record_issues) {
  const double issues = expected_issues_per_replication(sc);
  auto refuse = [&](const std::string& why) {
    std::ostringstream os;
    os.precision(3);
    os << "expected a run that fits this machine: each replication is expected to create " << issues
       << " issues (households x rate_per_household_year x horizon_days), " << why
       << "; lower the rates, the households or run.horizon_days";
    throw ConfigError(sc.file, "/demand/categories", os.str());
  };
  if (issues > 4.0e9) refuse("more than the 4 billion a replication can hold");
  if (record_issues) {
    const double bytes = issues * sc.run.replications * static_cast<double>(sizeof(IssueRecord));
    if (bytes > static_cast<double>(memory_budget_bytes())) {
      std::ostringstream os;
      os.precision(3);
      os << "and the per-issue table of " << sc.run.replications << " replications needs " << bytes / (1 << 30)
         << " GiB against the " << static_cast<double>(memory_budget_bytes()) / (1 << 30)
         << " GiB it may use; record no issues (run.record_issues, --issues), run fewer replications";
      refuse(os.str());
    }
  }
}
}  // namespace

RunResult run(const Scenario& sc, const RunOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  check_run_size(sc, options.record_issues);
  if (!options.policy.make) throw Error("run of '" + sc.name + "': no policy given (resolve one with plugin::resolve_policy)");
  const std::uint32_t reps = sc.run.replications;
  std::uint32_t threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min({threads, reps, 256u});

  RunResult out;
  out.scenario = sc.name;
  out.policy = options.policy.label;
  out.seed = sc.run.seed;
  out.grassroots_level = sc.grassroots_level;
  for (const auto& l : sc.levels) out.level_names.push_back(l.name);
  for (const auto& r : sc.roles) out.role_names.push_back(r.name);
  for (const auto& c : sc.categories) out.category_names.push_back(c.name);
  for (const auto& m : sc.meetings) out.meeting_names.push_back(m.name);
  if (options.record_issues)
    for (UnitId u = 0; u < sc.org.size(); ++u) {
      out.unit_names.push_back(sc.org.unit(u).name);
      out.unit_levels.push_back(sc.org.unit(u).level);
    }
  out.replications.resize(reps);

  std::atomic<std::uint32_t> next{0};
  std::atomic<bool> stop{false};
  std::atomic<std::uint32_t> working{0};  // worker threads not yet returned
  const std::uint64_t budget = memory_budget_bytes() / threads;
  std::vector<std::atomic<double>> progress(reps);
  for (auto& p : progress) p.store(0);
  // On failure no further replications start; those already running finish, and the error of
  // the lowest failing replication is reported, so the message does not depend on the threads.
  std::vector<std::exception_ptr> failures(reps);
  std::atomic<bool> failed{false};
  auto worker = [&] {
    struct Leave {
      std::atomic<std::uint32_t>& n;
      ~Leave() { n.fetch_sub(1); }
    } leave{working};
    for (;;) {
      const std::uint32_t rep = next.fetch_add(1);
      if (rep >= reps) return;
      if (stop.load()) return;
      try {
        const std::shared_ptr<plugin::Policy> policy = options.policy.make(sc);
        EngineOptions eo;
        eo.record_issues = options.record_issues;
        eo.progress = &progress[rep];
        eo.policy_label = options.policy.label;
        eo.memory_budget_bytes = budget;
        eo.stop = &stop;
        out.replications[rep] = run_replication(sc, *policy, rep, eo);
        progress[rep].store(1.0);
      } catch (...) {
        failures[rep] = std::current_exception();
        next.store(reps);  // stop handing out work
        failed.store(true);
      }
    }
  };
  std::vector<std::thread> pool;
  try {
    for (std::uint32_t i = 0; i < threads; ++i) {
      working.fetch_add(1);
      try {
        pool.emplace_back(worker);
      } catch (...) {
        working.fetch_sub(1);
        throw;
      }
    }
  } catch (const std::system_error& e) {
    // The threads already started finish the work; none may be left joinable.
    if (pool.empty()) throw Error(std::string("cannot start a worker thread: ") + e.what());
  }
  if (options.progress || options.interrupted) {
    auto last = std::chrono::steady_clock::now();
    while (working.load() > 0) {  // after a failure too: replications still running can be interrupted
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      if (options.interrupted && !stop.load() && options.interrupted()) stop.store(true);
      if (stop.load() || failed.load()) continue;
      const auto now = std::chrono::steady_clock::now();
      if (!options.progress || now - last < std::chrono::milliseconds(200)) continue;
      last = now;
      double sum = 0;
      for (auto& p : progress) sum += p.load(std::memory_order_relaxed);
      options.progress(sum / reps);
    }
  }
  for (auto& t : pool) t.join();
  if (stop.load()) throw Interrupted("the run of '" + sc.name + "' was interrupted");
  for (const auto& f : failures)
    if (f) std::rethrow_exception(f);
  if (options.progress) options.progress(1.0);

  for (const auto& r : out.replications) out.events += r.events;
  out.summary = aggregate(out.replications, out.names());
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace govsim::model
