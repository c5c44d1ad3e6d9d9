#include "govsim/model/runner.hpp"

#include <atomic>
#include <chrono>
#include <exception>
#include <system_error>
#include <thread>

#include "govsim/error.hpp"
#include "govsim/model/engine.hpp"
#include "govsim/plugin/registry.hpp"

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

RunResult run(const Scenario& sc, const RunOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  PolicySpec spec = options.policy ? *options.policy : sc.policy;
  if (options.policy_factory) {
    spec.name = options.policy_label.empty() ? "custom" : options.policy_label;
    spec.label.clear();
  }
  const std::optional<plugin::PolicyHandle> handle =
      options.policy_factory ? std::nullopt : std::optional<plugin::PolicyHandle>(plugin::find_policy(spec));
  const std::uint32_t reps = sc.run.replications;
  std::uint32_t threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min({threads, reps, 256u});

  RunResult out;
  out.scenario = sc.name;
  out.policy = spec.display();
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

  std::atomic<std::uint32_t> next{0}, done{0};
  std::vector<std::atomic<double>> progress(reps);
  for (auto& p : progress) p.store(0);
  // On failure no further replications start; those already running finish, and the error of
  // the lowest failing replication is reported, so the message does not depend on the threads.
  std::vector<std::exception_ptr> failures(reps);
  std::atomic<bool> failed{false};
  auto worker = [&] {
    for (;;) {
      const std::uint32_t rep = next.fetch_add(1);
      if (rep >= reps) return;
      try {
        std::shared_ptr<plugin::Policy> policy;
        if (handle) policy = handle->create(sc, spec);
        else policy = options.policy_factory();
        EngineOptions eo;
        eo.record_issues = options.record_issues;
        eo.progress = &progress[rep];
        eo.policy_label = spec.display();
        out.replications[rep] = run_replication(sc, *policy, rep, eo);
        progress[rep].store(1.0);
      } catch (...) {
        failures[rep] = std::current_exception();
        next.store(reps);  // stop handing out work
        failed.store(true);
      }
      done.fetch_add(1);
    }
  };
  std::vector<std::thread> pool;
  try {
    for (std::uint32_t i = 0; i < threads; ++i) pool.emplace_back(worker);
  } catch (const std::system_error& e) {
    // The threads already started finish the work; none may be left joinable.
    if (pool.empty()) throw Error(std::string("cannot start a worker thread: ") + e.what());
  }
  if (options.progress) {
    auto last = std::chrono::steady_clock::now();
    while (done.load() < reps && !failed.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      const auto now = std::chrono::steady_clock::now();
      if (now - last < std::chrono::milliseconds(200)) continue;
      last = now;
      double sum = 0;
      for (auto& p : progress) sum += p.load(std::memory_order_relaxed);
      options.progress(sum / reps);
    }
  }
  for (auto& t : pool) t.join();
  for (const auto& f : failures)
    if (f) std::rethrow_exception(f);
  if (options.progress) options.progress(1.0);

  for (const auto& r : out.replications) out.events += r.events;
  out.summary = aggregate(out.replications, out.names());
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace govsim::model
