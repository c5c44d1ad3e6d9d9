// Speed and memory of the engine, as ratios measured in one run:
//   - the event queue alone (hold model: pop one, push one);
//   - a minimal hand-written M/M/1 heap loop with a ziggurat exponential sampler — the floor a
//     simulator of this kind can hope to reach — and the engine on M/M/1 and on the 4-level chain
//     (all bookkeeping on), each with its ratio to that loop (vs_minimal_loop);
//   - one simulated year of Kenli;
//   - govsim analyze on Kenli and govsim staff on an M/M/c case;
//   - memory: issue records allocated versus issues created, for a short and a 10x longer horizon.
#include <benchmark/benchmark.h>

#include <boost/random/exponential_distribution.hpp>
#include <sys/resource.h>

#include <chrono>
#include <vector>

#include "govsim/analysis/model.hpp"
#include "govsim/analysis/staffing.hpp"
#include "govsim/core/event_queue.hpp"
#include "govsim/core/rng.hpp"
#include "govsim/io/scenario_loader.hpp"
#include "govsim/model/engine.hpp"
#include "govsim/plugin/registry.hpp"

namespace {

using govsim::core::Xoshiro256pp;

std::string scenario_path(const char* rel) { return std::string(GOVSIM_SOURCE_DIR) + "/" + rel; }

// The floor: M/M/1 (lambda 0.9, mu 1) with a binary heap of (time, kind) and nothing else.
std::uint64_t minimal_loop(std::uint64_t max_events) {
  struct Ev {
    double t;
    int kind;
    bool operator<(const Ev& o) const { return t > o.t; }
  };
  std::vector<Ev> heap;
  Xoshiro256pp g(1);
  boost::random::exponential_distribution<double> arr(0.9), svc(1.0);
  heap.push_back({arr(g), 0});
  std::uint64_t events = 0, in_system = 0;
  while (events < max_events) {
    std::pop_heap(heap.begin(), heap.end());
    const Ev e = heap.back();
    heap.pop_back();
    ++events;
    if (e.kind == 0) {
      heap.push_back({e.t + arr(g), 0});
      std::push_heap(heap.begin(), heap.end());
      if (++in_system == 1) {
        heap.push_back({e.t + svc(g), 1});
        std::push_heap(heap.begin(), heap.end());
      }
    } else if (--in_system > 0) {
      heap.push_back({e.t + svc(g), 1});
      std::push_heap(heap.begin(), heap.end());
    }
  }
  benchmark::DoNotOptimize(in_system);
  return events;
}

double minimal_loop_rate() {
  static const double rate = [] {
    const auto t0 = std::chrono::steady_clock::now();
    const std::uint64_t n = minimal_loop(20'000'000);
    return n / std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }();
  return rate;
}

void BM_MinimalHeapLoop(benchmark::State& state) {
  std::uint64_t events = 0;
  for (auto _ : state) events += minimal_loop(1'000'000);
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MinimalHeapLoop)->Unit(benchmark::kMillisecond);

void BM_EventQueueHold(benchmark::State& state) {
  govsim::core::EventQueue q;
  Xoshiro256pp g(3);
  boost::random::exponential_distribution<double> d(1.0);
  double now = 0;
  for (int i = 0; i < state.range(0); ++i) q.schedule(d(g), govsim::core::Priority{2}, 0);
  for (auto _ : state) {
    const auto e = q.pop();
    now = e.time;
    q.schedule(now + d(g), govsim::core::Priority{2}, 0);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["pending"] = static_cast<double>(state.range(0));
}
BENCHMARK(BM_EventQueueHold)->Arg(16)->Arg(1024)->Arg(65536);

void run_engine(benchmark::State& state, const char* file, const std::vector<std::string>& overrides) {
  const auto sc = govsim::io::load_scenario_file(scenario_path(file), overrides);
  const auto factory = govsim::plugin::resolve_policy(sc);
  std::uint64_t events = 0, created = 0, slots = 0, pending = 0;
  std::uint32_t rep = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) {
    const auto policy = factory.make(sc);
    const auto r = govsim::model::run_replication(sc, *policy, rep++);
    events += r.events;
    created += r.created_all;
    slots = std::max(slots, r.issue_slots);
    pending = std::max(pending, r.peak_pending_events);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  state.counters["events_per_s"] = static_cast<double>(events) / seconds;
  // The ratio to the minimal loop, both measured in this process, is the figure that carries
  // across machines.
  state.counters["vs_minimal_loop"] = static_cast<double>(events) / seconds / minimal_loop_rate();
  state.counters["events_per_rep"] = static_cast<double>(events) / state.iterations();
  state.counters["issues_per_rep"] = static_cast<double>(created) / state.iterations();
  state.counters["peak_issue_records"] = static_cast<double>(slots);
  state.counters["peak_pending_events"] = static_cast<double>(pending);
  state.counters["minimal_loop_events_per_s"] = minimal_loop_rate();
}

void BM_EngineMM1(benchmark::State& state) {
  run_engine(state, "scenarios/tests/mmc.json",
             {"/staff/server/count=1", "/demand/categories/job/rate_per_household_year=0.9", "/run/horizon_days=4000",
              "/run/warmup_days=0"});
}
BENCHMARK(BM_EngineMM1)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_EngineChain4(benchmark::State& state) {
  run_engine(state, "scenarios/tests/chain4.json", {"/run/horizon_days=4000", "/run/warmup_days=0"});
}
BENCHMARK(BM_EngineChain4)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_KenliYear(benchmark::State& state) { run_engine(state, "scenarios/kenli.json", {}); }
BENCHMARK(BM_KenliYear)->Unit(benchmark::kMillisecond)->UseRealTime();

// A year of the 10-million-household city (31,790 grid workers' visits, patrols and reporting, and
// the discovery they do) against the same city with those duties off: the target is under 5 s on
// one core and 4 GB (docs/architecture.md); the ratio of the two, measured in one run, carries.
void BM_CityYearWithDuties(benchmark::State& state) {
  run_engine(state, "scenarios/city_10m.json", {"/run/horizon_days=365"});
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  state.counters["peak_rss_mb"] = static_cast<double>(ru.ru_maxrss) / 1024;
}
BENCHMARK(BM_CityYearWithDuties)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

void BM_CityYearWithoutDuties(benchmark::State& state) {
  const std::string reported = R"([{"channel": "resident_report", "share": 1}])";
  run_engine(state, "scenarios/city_10m.json",
             {"/run/horizon_days=365", "/staff/grid_worker/duties={}", "/demand/categories/dispute/discovery=" + reported,
              "/demand/categories/livelihood/discovery=" + reported});
}
BENCHMARK(BM_CityYearWithoutDuties)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// govsim analyze on Kenli (4 x 90-day pilot, one thread) and govsim staff on the M/M/c case of the
// tests (A = 10, P(wait) <= 0.5): the "estimate in a second" and the solver's whole search.
void BM_AnalyzeKenli(benchmark::State& state) {
  const auto sc = govsim::io::load_scenario_file(scenario_path("scenarios/kenli.json"), {});
  govsim::analysis::AnalyzeOptions opt;
  opt.policy = govsim::plugin::resolve_policy(sc);
  for (auto _ : state) benchmark::DoNotOptimize(govsim::analysis::analyze(sc, opt).visits.sum());
}
BENCHMARK(BM_AnalyzeKenli)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_StaffMmc(benchmark::State& state) {
  auto doc = govsim::io::read_json_file(scenario_path("scenarios/tests/mmc.json"));
  for (const char* o : {"/demand/categories/job/rate_per_household_year=10", "/run/horizon_days=65", "/run/warmup_days=5"})
    govsim::io::apply_override(doc, o, "mmc.json");
  govsim::analysis::StaffOptions opt;
  opt.role = "server";
  opt.targets.push_back(govsim::analysis::parse_staff_target("p_wait<=0.5"));
  opt.policy = govsim::plugin::resolve_policy(govsim::io::load_scenario(doc, "mmc.json"));
  std::uint64_t staff = 0;
  for (auto _ : state) staff = govsim::analysis::solve_staffing(doc, "mmc.json", opt).best->staff;
  state.counters["answer"] = static_cast<double>(staff);
}
BENCHMARK(BM_StaffMmc)->Unit(benchmark::kMillisecond)->UseRealTime();

// The cost of one policy decision: the same tiered policy built in and loaded from a library
// (GOVSIM_TIERED_PLUGIN, built by the tests), called directly on a fixed issue and context.
void decision_cost(benchmark::State& state, bool external) {
  auto sc = govsim::io::load_scenario_file(scenario_path("scenarios/tests/chain4.json"), {});
  if (external) sc.policy.plugin = GOVSIM_TIERED_PLUGIN;
  const auto handle = govsim::plugin::find_policy(sc.policy);
  auto policy = handle.create(sc, sc.policy);
  // A one-unit world view is enough for the decisions measured.
  std::vector<int> level = {0, 1, 2, 3};
  std::vector<govsim::plugin::UnitId> parent = {govsim::plugin::kNoUnit, 0, 1, 2};
  std::vector<int> authority = {4, 3, 2, 1};
  std::vector<govsim::plugin::RoleId> handler = {3, 2, 1, 0};
  std::vector<std::uint32_t> pool_begin = {0, 1, 2, 3, 4};
  std::vector<govsim::plugin::PoolView> pools = {{0, 3, 1, 0, 0}, {1, 2, 1, 0, 0}, {2, 1, 1, 0, 0}, {3, 0, 2, 0, 0}};
  std::vector<std::string_view> names = {"department", "street", "community", "grid"};
  double now = 0;
  govsim::plugin::WorldView w;
  w.now = &now;
  w.units = 4;
  w.categories = 1;
  w.level_count = 4;
  w.level_names = names.data();
  w.level = level.data();
  w.parent = parent.data();
  w.authority = authority.data();
  w.handler = handler.data();
  w.pool_begin = pool_begin.data();
  w.pools = pools.data();
  w.uniform = [](const void*, std::uint64_t issue, std::uint64_t counter) {
    return static_cast<double>((issue * 2654435761u + counter) % 1000) / 1000.0;
  };
  const govsim::plugin::Context ctx(w);
  govsim::plugin::IssueView issue;
  issue.unit = 3;
  issue.origin = 3;
  govsim::plugin::AttemptResult failed;
  failed.within_authority = true;
  failed.role = 0;
  std::uint64_t decisions = 0;
  for (auto _ : state) {
    ++issue.id;
    issue.attempts = 1;
    issue.attempts_here = 1;
    benchmark::DoNotOptimize(policy->on_issue_arrived(issue, ctx));
    benchmark::DoNotOptimize(policy->on_attempt_finished(issue, failed, ctx));
    decisions += 2;
  }
  state.counters["ns_per_decision"] =
      benchmark::Counter(static_cast<double>(decisions), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.SetLabel(external ? "plugin library" : "built in");
}
void BM_DecisionBuiltIn(benchmark::State& state) { decision_cost(state, false); }
void BM_DecisionPlugin(benchmark::State& state) { decision_cost(state, true); }
BENCHMARK(BM_DecisionBuiltIn);
BENCHMARK(BM_DecisionPlugin);

// Memory follows the issues open, not all issues ever created: 10x the horizon, same peak records.
void BM_MemoryVsHorizon(benchmark::State& state) {
  run_engine(state, "scenarios/tests/chain4.json",
             {"/run/horizon_days=" + std::to_string(state.range(0)), "/run/warmup_days=0"});
}
BENCHMARK(BM_MemoryVsHorizon)->Arg(400)->Arg(4000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
