#include "govsim/core/simulator.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace govsim::core {
namespace {

constexpr Priority kFirst{0}, kSecond{1};

struct Log {
  std::vector<std::string> seen;
  Simulator* sim = nullptr;
  void on_a(const Event& e) { note('a', e); }
  void on_b(const Event& e) { note('b', e); }
  void note(char kind, const Event& e) {
    std::string s(1, kind);
    s.append(std::to_string(e.a)).append("@").append(std::to_string(static_cast<int>(sim->now())));
    seen.push_back(s);
  }
};

struct NoSource {
  bool pending(double&, std::uint64_t&) const { return false; }
  void fire() {}
};

struct Hooks {
  int polls = 0;
  void poll() { ++polls; }
  std::string where() const { return "at the test: "; }
  [[noreturn]] void out_of_memory() const { throw std::runtime_error("out of memory hook"); }
};

TEST(Simulator, EventsGoToTheirHandlersInTimePriorityAndSchedulingOrder) {
  Simulator sim;
  Log log{{}, &sim};
  const auto a = sim.add_handler<&Log::on_a>(&log), b = sim.add_handler<&Log::on_b>(&log);
  sim.schedule(5, kSecond, a, 1);
  sim.schedule(5, kFirst, b, 2);  // same time, lower priority value: first
  sim.schedule(2, kSecond, a, 3);
  sim.schedule(5, kSecond, b, 4);  // same time and priority as a1: after it
  sim.schedule(9, kFirst, a, 5);   // beyond the horizon
  NoSource none;
  Hooks hooks;
  sim.run(8, none, hooks);
  EXPECT_EQ(log.seen, (std::vector<std::string>{"a3@2", "b2@5", "a1@5", "b4@5"}));
  EXPECT_EQ(sim.events(), 4u);
}

// A source with its own pending events, merged in as if they had been scheduled when stamped.
struct Ticks {
  Simulator& sim;
  std::vector<std::string>& seen;
  double t = 0;
  std::uint64_t key = 0;
  int left = 3;
  void next() {
    t += 5;
    key = sim.stamp(kSecond);
  }
  bool pending(double& time, std::uint64_t& k) const {
    if (left == 0) return false;
    time = t;
    k = key;
    return true;
  }
  void fire() {
    seen.push_back("tick@" + std::to_string(static_cast<int>(sim.now())));
    if (--left > 0) next();
  }
};

TEST(Simulator, ASourceIsMergedIntoTheHeapsOrderBySequenceNumber) {
  Simulator sim;
  Log log{{}, &sim};
  const auto a = sim.add_handler<&Log::on_a>(&log);
  Ticks ticks{sim, log.seen};
  sim.schedule(5, kSecond, a, 1);  // scheduled before the first tick was stamped: runs before it
  ticks.next();                    // tick at 5
  sim.schedule(5, kSecond, a, 2);  // stamped after the tick: runs after it
  sim.schedule(10, kFirst, a, 3);  // a lower priority value runs before the tick at 10
  Hooks hooks;
  sim.run(100, ticks, hooks);
  EXPECT_EQ(log.seen, (std::vector<std::string>{"a1@5", "tick@5", "a2@5", "a3@10", "tick@10", "tick@15"}));
}

struct Thrower {
  int what = 0;
  void on(const Event&) {
    if (what == 0) throw std::runtime_error("boom");
    if (what == 1) throw ConfigError("f.json", "/x", "expected less");
    if (what == 2) throw std::bad_alloc();
    throw 42;
  }
};

TEST(Simulator, AnExceptionStopsTheRunWithTheOwnersContext) {
  auto run = [](int what) -> std::string {
    Simulator sim;
    Thrower t{what};
    sim.schedule(1, kFirst, sim.add_handler<&Thrower::on>(&t));
    NoSource none;
    Hooks hooks;
    try {
      sim.run(10, none, hooks);
    } catch (const ModelError& e) {
      return std::string("ModelError: ") + e.what();
    } catch (const ConfigError& e) {
      return std::string("ConfigError: ") + e.what();
    } catch (const std::exception& e) {
      return std::string("other: ") + e.what();
    }
    return "none";
  };
  EXPECT_EQ(run(0), "ModelError: at the test: boom");
  EXPECT_EQ(run(1), "ConfigError: f.json: /x: expected less");  // passes through unchanged
  EXPECT_EQ(run(2), "other: out of memory hook");
  EXPECT_EQ(run(3), "ModelError: at the test: an exception that is not a std::exception was thrown (by a plugin?)");
}

TEST(Simulator, TheOwnerIsPolledEvery4096Events) {
  Simulator sim;
  struct Again {
    Simulator* sim;
    std::uint32_t kind;
    void on(const Event&) { sim->schedule(sim->now() + 1, kFirst, kind); }
  } again{&sim, 0};
  again.kind = sim.add_handler<&Again::on>(&again);
  sim.schedule(0, kFirst, again.kind);
  NoSource none;
  Hooks hooks;
  sim.run(10'000, none, hooks);
  EXPECT_EQ(sim.events(), 10'001u);
  EXPECT_EQ(hooks.polls, 2);  // at 4096 and 8192
}

}  // namespace
}  // namespace govsim::core
