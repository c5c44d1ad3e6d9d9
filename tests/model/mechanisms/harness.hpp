#pragma once
// Drives one mechanism alone: a scenario from JSON text, the compiled world, the kernel, the issue
// table, a real Recorder (a passive sink whose figures the tests read) and a fake Router that
// records every decision point it is called for and answers as the test scripts it.
#include <memory>
#include <stdexcept>
#include <functional>
#include <string>
#include <vector>

#include "govsim/io/scenario_loader.hpp"
#include "model/mechanism.hpp"

namespace govsim::test {

/// One call a mechanism made on the Router.
struct Call {
  std::string what;  // attempt_finished, timer_fired, sla_event, dispatch_declined, agenda_item, evaluated,
                     // carry_out, expedite, discovered, close
  std::uint32_t slot = 0;
  double time = 0;
  double value = 0;  // the tag, SLA event, offers, meeting type, rating, action kind or outcome
  plugin::AttemptResult result{};
};

class FakeRouter : public model::Router {
 public:
  explicit FakeRouter(const core::Simulator& sim) : sim_(sim) {}
  std::vector<Call> calls;
  plugin::Action agenda_answer = plugin::Action::keep();
  plugin::Action evaluation_answer = plugin::Action::resolve();

  void attempt_finished(std::uint32_t slot, const plugin::AttemptResult& r) override { add("attempt_finished", slot, 0, r); }
  void timer_fired(std::uint32_t slot, std::uint32_t tag) override { add("timer_fired", slot, tag); }
  void sla_event(std::uint32_t slot, plugin::SlaEvent e) override { add("sla_event", slot, static_cast<double>(e)); }
  void dispatch_declined(std::uint32_t slot, std::uint32_t offers) override { add("dispatch_declined", slot, offers); }
  plugin::Action agenda_item(std::uint32_t slot, std::uint32_t meeting) override {
    add("agenda_item", slot, meeting);
    return agenda_answer;
  }
  plugin::Action evaluated(std::uint32_t slot, double rating) override {
    add("evaluated", slot, rating);
    return evaluation_answer;
  }
  void carry_out(std::uint32_t slot, const plugin::Action& a) override { add("carry_out", slot, static_cast<double>(a.kind)); }
  void expedite(std::uint32_t slot) override { add("expedite", slot); }
  void reopened(std::uint32_t slot) override { add("reopened", slot); }
  void discovered(std::uint32_t slot) override {
    if (issues) {  // as the engine does
      (*issues)[slot].awaiting_discovery = false;
      (*issues)[slot].is_discovered = true;
    }
    add("discovered", slot);
    if (on_discovered) on_discovered(slot);
  }
  std::function<void(std::uint32_t)> on_discovered;  // when set, what the policy does with a discovered issue
  model::Issues* issues = nullptr;  // when set, discovered() marks the issue as the engine does
  void close(std::uint32_t slot, model::Outcome o) override { add("close", slot, static_cast<double>(o)); }

  /// The calls named `what`, in order.
  std::vector<Call> named(const std::string& what) const {
    std::vector<Call> out;
    for (const Call& c : calls)
      if (c.what == what) out.push_back(c);
    return out;
  }

 private:
  void add(const char* what, std::uint32_t slot, double value = 0, plugin::AttemptResult r = {}) {
    calls.push_back(Call{what, slot, sim_.now(), value, r});
  }
  const core::Simulator& sim_;
};

inline model::Scenario scenario_from_text(const std::string& text) {
  return io::load_scenario(io::parse_json(text, "test.json"), "test.json");
}

class Harness : public model::Issues::Owner {
 public:
  explicit Harness(const std::string& scenario_json)
      : sc(scenario_from_text(scenario_json)),
        world(sc),
        streams(sc.run.seed, 0),
        issues(*this, 1'000'000),
        rec(world, 0, true, 1'000'000),
        router(sim),
        env{sc, world, sim, streams, issues, rec, router} {
    router.issues = &issues;
  }

  /// Registers a mechanism as the engine would (its id is its index here).
  template <class M>
  M& add(std::unique_ptr<M> m) {
    m->set_id(static_cast<std::uint8_t>(mechanisms.size()));
    M& ref = *m;
    mechanisms.push_back(std::move(m));
    return ref;
  }
  void grown(std::size_t capacity) override {
    for (auto& m : mechanisms) m->reserve(capacity);
  }
  [[noreturn]] void full() override { throw std::runtime_error("the issue table is full"); }

  /// A discovered issue of category `c` at the first leaf (or `unit`), created now.
  std::uint32_t issue(model::CategoryId c = 0, int severity = 1, model::UnitId unit = model::World::kNone) {
    const std::uint32_t slot = issues.create(c, sim.now());
    model::Issue& is = issues[slot];
    rec.created(is, sim.now());
    is.v.origin = is.v.unit = unit == model::World::kNone ? world.leaves.front() : unit;
    is.severity = static_cast<std::uint8_t>(severity);
    is.is_discovered = true;
    is.v.discovered = sim.now();
    rec.discovered(is, false);
    return slot;
  }

  /// Runs the scheduled events up to `horizon` (once per test: the first event after it is dropped),
  /// with `source` merged in as the engine merges the arrivals.
  template <class Source>
  void run(double horizon, Source& source) {
    struct Hooks {
      void poll() {}
      std::string where() const { return ""; }
      [[noreturn]] void out_of_memory() const { throw std::runtime_error("out of memory"); }
    } hooks;
    sim.run(horizon, source, hooks);
  }
  void run(double horizon) {
    struct NoSource {
      bool pending(double&, std::uint64_t&) const { return false; }
      void fire() {}
    } none;
    run(horizon, none);
  }

  model::Scenario sc;
  model::World world;
  core::Simulator sim;
  core::StreamSet streams;
  model::Issues issues;
  model::Recorder rec;
  FakeRouter router;
  model::Env env;
  std::vector<std::unique_ptr<model::Mechanism>> mechanisms;
};

/// A one-unit scenario: `staff` and `extra` are JSON members spliced into the document, `run` its run block.
inline std::string one_unit(const std::string& staff, const std::string& extra = "",
                            const std::string& run = R"({"horizon_days": 10, "replications": 1, "seed": 3})") {
  return R"({"schema_version": 1, "name": "t", "start_date": "2024-01-01", "levels": ["station"],
    "org": {"units": [{"name": "station", "households": 1000}]},
    "staff": {)" + staff + R"(},
    "demand": {"categories": {"job": {"rate_per_household_year": 1.0}}},
    "run": )" + run + extra + "}";
}

}  // namespace govsim::test
