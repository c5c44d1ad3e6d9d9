// Runs that cannot make progress, policies that throw anything, runs too large for memory and runs
// stopped on request: each ends with one clear error, never a hang, an abort or std::bad_alloc.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "govsim/error.hpp"
#include "govsim/model/engine.hpp"
#include "govsim/plugin/registry.hpp"
#include "test_util.hpp"

using govsim::plugin::Action;
using govsim::plugin::AttemptResult;
using govsim::plugin::Context;
using govsim::plugin::IssueView;
using govsim::test::load;

namespace {
// Parks every issue on a timer of 0 hours, and sets it again each time it runs out.
class ZeroTimers final : public govsim::plugin::Policy {
 public:
  Action on_issue_arrived(const IssueView&, const Context&) override { return Action::wait().with_timer(1, 0.0); }
  Action on_attempt_finished(const IssueView&, const AttemptResult&, const Context&) override { return Action::close(); }
  Action on_timer(const IssueView&, std::uint32_t, const Context&) override { return Action::wait().with_timer(1, 0.0); }
};

// Retries a failed attempt forever, at the same unit.
class RetryForever final : public govsim::plugin::Policy {
 public:
  Action on_issue_arrived(const IssueView& is, const Context& ctx) override {
    return Action::handle(ctx.handler_role(is.unit, is.category));
  }
  Action on_attempt_finished(const IssueView& is, const AttemptResult&, const Context& ctx) override {
    return Action::handle(ctx.handler_role(is.unit, is.category));
  }
};

// Throws something that is not a std::exception.
class ThrowsInt final : public govsim::plugin::Policy {
 public:
  Action on_issue_arrived(const IssueView&, const Context&) override { throw 42; }
  Action on_attempt_finished(const IssueView&, const AttemptResult&, const Context&) override { return Action::close(); }
};
}  // namespace

using govsim::test::model_error;

TEST(Robustness, ZeroHourTimersStopWithAClearError) {
  const auto sc = load("scenarios/tests/mmc.json", {"/run/horizon_days=2", "/run/warmup_days=0"});
  ZeroTimers p;
  const auto m = model_error(sc, p);
  EXPECT_NE(m.find("policy 'tiered', replication 0, issue 0 (job, at 'station'), t="), std::string::npos) << m;
  EXPECT_NE(m.find("the policy decided on the issue 10001 times at one instant: simulated time is not advancing"),
            std::string::npos) << m;
}

TEST(Robustness, ZeroHourAttemptsRetriedForeverStop) {
  // Every attempt takes 0 hours and fails: retrying it never lets time advance.
  const auto sc = load("scenarios/tests/mmc.json", {"/run/horizon_days=2", "/run/warmup_days=0",
                                                    "/staff/server/service={\"dist\": \"deterministic\", \"value\": 0}",
                                                    "/staff/server/success=0"});
  RetryForever p;
  EXPECT_NE(model_error(sc, p).find("simulated time is not advancing"), std::string::npos);
}

TEST(Robustness, APolicyThrowingANonStdExceptionIsNamed) {
  const auto sc = load("scenarios/tests/mmc.json", {"/run/horizon_days=2", "/run/warmup_days=0"});
  ThrowsInt p;
  const auto m = model_error(sc, p);
  EXPECT_NE(m.find("policy 'tiered', replication 0, issue 0 (job, at 'station'), t="), std::string::npos) << m;
  EXPECT_NE(m.find("an exception that is not a std::exception was thrown (by a plugin?)"), std::string::npos) << m;
}

TEST(Robustness, AReplicationOutgrowingItsMemoryStopsWithWhatToLower) {
  // Attempts of a million hours: every issue stays open. A budget of 1 MiB holds a few thousand of them.
  const auto sc = load("scenarios/tests/mmc.json", {"/run/horizon_days=100", "/run/warmup_days=0",
                                                    "/staff/server/service={\"dist\": \"deterministic\", \"value\": 1e6}"});
  govsim::model::EngineOptions eo;
  eo.memory_budget_bytes = 1 << 20;
  auto policy = govsim::plugin::find_policy(sc.policy).create(sc, sc.policy);
  try {
    govsim::model::run_replication(sc, *policy, 0, eo);
    FAIL() << "no error";
  } catch (const govsim::ConfigError& e) {
    const std::string m = e.what();
    EXPECT_EQ(e.json_path(), "/demand/categories");
    EXPECT_NE(m.find("expected a run that fits in memory: replication 0 holds "), std::string::npos) << m;
    EXPECT_NE(m.find("lower the rates or the households, raise staff"), std::string::npos) << m;
  }
}

TEST(Robustness, ARunTooLargeToCountIsRefusedBeforeItStarts) {
  // 10^9 households at 10 issues a year each, for ten years: 10^11 issues per replication.
  const auto sc = load("scenarios/tests/mmc.json", {"/org/units/0/households=1000000000", "/demand/categories/job/rate_per_household_year=10",
                                                    "/run/horizon_days=3650"});
  EXPECT_NEAR(govsim::model::expected_issues_per_replication(sc), 1e11, 1e9);
  try {
    govsim::test::run(sc);
    FAIL() << "no error";
  } catch (const govsim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("more than the 4 billion a replication can hold; lower the rates"), std::string::npos)
        << e.what();
  }
}

TEST(Robustness, ARecordedTableTooLargeForMemoryIsRefusedBeforeItStarts) {
  // 4e8 issues a replication fit the ids, but 100 replications' rows would not fit any machine here.
  const auto sc = load("scenarios/tests/mmc.json", {"/org/units/0/households=100000000", "/demand/categories/job/rate_per_household_year=4",
                                                    "/run/replications=100"});
  govsim::model::RunOptions opt;
  opt.record_issues = true;
  try {
    govsim::model::run(sc, opt);
    FAIL() << "no error";
  } catch (const govsim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("record no issues"), std::string::npos) << e.what();
  }
}

TEST(Robustness, AnInterruptedRunStopsSoon) {
  // A long run (a year of mmc a thousand times over) stopped after its first poll.
  const auto sc = load("scenarios/tests/mmc.json", {"/run/replications=1000"});
  govsim::model::RunOptions opt;
  opt.policy = govsim::plugin::resolve_policy(sc);
  opt.threads = 2;
  std::atomic<int> polls{0};
  opt.interrupted = [&] { return ++polls >= 2; };
  EXPECT_THROW(govsim::model::run(sc, opt), govsim::Interrupted);
  EXPECT_GE(polls.load(), 2);
  // The engine alone: a set stop flag ends a replication at its next poll.
  std::atomic<bool> stop{true};
  govsim::model::EngineOptions eo;
  eo.stop = &stop;
  auto policy = govsim::plugin::find_policy(sc.policy).create(sc, sc.policy);
  EXPECT_THROW(govsim::model::run_replication(sc, *policy, 0, eo), govsim::Interrupted);
}
