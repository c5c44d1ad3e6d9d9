// Issue lifecycle invariants and mechanics of the engine under the tiered policy.
#include "govsim/model/engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>
#include <map>

#include "govsim/error.hpp"
#include "govsim/plugin/registry.hpp"
#include "test_util.hpp"

using govsim::test::load;
using govsim::test::per_rep;

namespace {

void expect_conserved(const govsim::model::RunResult& r, const std::string& what) {
  for (const auto& rep : r.replications) {
    EXPECT_GT(rep.created_all, 0u) << what;
    EXPECT_EQ(rep.created_all, rep.resolved_all + rep.closed_all + rep.withdrawn_all + rep.open_all) << what;
    EXPECT_EQ(rep.created, rep.resolved + rep.closed_unresolved + rep.withdrawn + rep.open_at_end) << what;
    EXPECT_EQ(rep.resolved, rep.immediate + rep.pending + rep.escalated) << what;
    std::uint64_t by_level = 0;
    for (auto n : rep.resolved_at_level) by_level += n;
    EXPECT_EQ(by_level, rep.resolved) << what;
  }
}

}  // namespace

// Every tiered setting, with calendars, discovery delays, warm-up and over-dispersion, accounts for
// every issue it created.
TEST(Engine, ConservationUnderEveryPolicySetting) {
  const std::vector<std::vector<std::string>> settings = {
      {},
      {"/policy/params/max_attempts_per_unit=1"},
      {"/policy/params/retry_probability=0"},
      {"/policy/params/assess_before_handling=false"},
      {"/policy/params/start_level=\"community\""},
      {"/policy/params/start_level=\"district\"", "/policy/params/max_attempts_per_unit=5"},
      {"/run/warmup_days=30"},
  };
  for (const auto& s : settings) {
    std::vector<std::string> o = s;
    o.push_back("/run/replications=3");
    o.push_back("/run/horizon_days=120");
    const auto sc = govsim::test::load_kenli_tiered(o);
    const auto r = govsim::test::run(sc);
    std::string what;
    for (const auto& x : s) what += x + " ";
    expect_conserved(r, what);
  }
}

TEST(Engine, UnsolvableIssuesCloseUnresolvedAtTheTop) {
  // Every issue has severity 2 > the station's authority 1: all are tried once and closed.
  auto sc = load("scenarios/tests/mmc.json", {"/demand/categories/job/severity=[0, 1]", "/run/replications=2",
                                              "/run/horizon_days=20", "/run/warmup_days=0"});
  const auto r = govsim::test::run(sc);
  for (const auto& rep : r.replications) {
    EXPECT_EQ(rep.resolved_all, 0u);
    EXPECT_EQ(rep.closed_all + rep.open_all, rep.created_all);
    EXPECT_GT(rep.closed_all, 0u);
  }
  expect_conserved(r, "unsolvable");
}

// A start level above the top unit's level: issues go as high as the organisation goes.
TEST(Engine, StartLevelAboveTheTopUnitHandlesAtTheTop) {
  auto doc = govsim::io::read_json_file(govsim::test::source_path("scenarios/tests/chain4.json"));
  doc["org"]["units"] = doc["org"]["units"][0]["children"];  // the street is now the top unit
  doc["org"]["units"][0]["level"] = "street";
  doc["policy"]["params"] = {{"start_level", "department"}};
  doc["run"]["horizon_days"] = 30;
  doc["run"]["warmup_days"] = 0;
  doc["run"]["replications"] = 2;
  doc["staff"].erase("department_team");
  const auto r = govsim::test::run(govsim::io::load_scenario(doc, "top.json"));
  for (const auto& rep : r.replications) {
    EXPECT_GT(rep.resolved, 0u);
    EXPECT_EQ(rep.resolved_at_level[1], rep.resolved) << "all at the street";
  }
  expect_conserved(r, "start level above the top");
}

TEST(Engine, AssessmentSendsIssuesStraightUpWithoutAnAttempt) {
  // Chain: severity 3 needs the street (authority 3 of 4 levels: department 4, street 3, community 2, grid 1).
  const std::vector<std::string> o = {"/demand/categories/issue/severity=[0, 0, 1]", "/run/replications=2",
                                      "/run/horizon_days=30", "/run/warmup_days=0",
                                      "/staff/street_office/success=1", "/staff/street_office/count=3"};
  auto with = o;
  with.push_back("/policy/params/assess_before_handling=true");
  const auto r = govsim::test::run(load("scenarios/tests/chain4.json", with));
  const auto r_without = govsim::test::run(load("scenarios/tests/chain4.json", o));
  for (const auto& rep : r.replications) {
    EXPECT_EQ(rep.attempts_at_level[3], 0u) << "no attempt at the grid";
    EXPECT_EQ(rep.attempts_at_level[2], 0u) << "no attempt at the community";
    EXPECT_EQ(rep.resolved_at_level[1], rep.resolved) << "all resolved at the street";
  }
  for (const auto& rep : r_without.replications) EXPECT_GT(rep.attempts_at_level[3], 0u) << "grid tries first";
}

TEST(Engine, OfficeStaffWorkOnlyInOfficeHours) {
  // 08:20 does not divide evenly in binary: the test would catch a calendar rounding gap.
  auto sc = govsim::test::load_kenli_tiered({"/run/replications=1", "/run/horizon_days=60",
                                          "/calendars/office/weekly/mon-fri/0/0=\"08:20\""});
  const auto r = govsim::test::run(sc, 1, true);
  std::size_t checked = 0;
  const auto& office = sc.calendars[1].calendar;
  ASSERT_EQ(sc.calendars[1].name, "office");
  // An attempt by office staff ends inside office hours (or exactly at the end of an interval), so
  // every issue resolved above the building level closes at such a time.
  for (const auto& is : r.replications[0].issues) {
    if (is.outcome != govsim::model::Outcome::kResolved) continue;
    if (r.unit_levels[is.closed_at] == 5) continue;  // building heads keep volunteer hours
    const double t = is.closed;
    EXPECT_TRUE(office.is_open(t) || office.is_open(t - 1e-9)) << "closed at " << t;
    // An issue that never moved was first handled where it was resolved.
    if (is.escalations == 0) {
      EXPECT_TRUE(office.is_open(is.first_response)) << "first attempt at " << is.first_response;
    }
    ++checked;
  }
  EXPECT_GT(checked, 100u);
}

TEST(Engine, OverdispersionInflatesDailyVariance) {
  // Daily arrival counts: Poisson has variance/mean 1; a gamma-mixed rate with variance k gives
  // 1 + mean * k. 24 arrivals a day, k = 0.25 -> 7.
  auto base = std::vector<std::string>{"/demand/categories/job/rate_per_household_year=1", "/run/replications=1",
                                       "/run/horizon_days=2010", "/run/warmup_days=10.5"};
  for (double k : {0.0, 0.25}) {
    auto o = base;
    o.push_back("/demand/categories/job/overdispersion=" + std::to_string(k));
    const auto r = govsim::test::run(load("scenarios/tests/mmc.json", o), 1, true);
    std::vector<double> per_day(2000, 0);
    // The window's whole calendar days: the warm-up ends half a day into day 10, so days 11 to 2009.
    for (const auto& is : r.replications[0].issues)
      if (is.created >= 11 * 24 && is.created < 2010 * 24) per_day[static_cast<std::size_t>(is.created / 24) - 11] += 1;
    per_day.resize(1999);
    govsim::core::RunningStats s;
    for (double n : per_day) s.add(n);
    const double ratio = s.variance() / s.mean();
    const double expected = 1 + s.mean() * k;
    EXPECT_NEAR(s.mean(), 24.0, 0.5 + 24 * std::sqrt(k / 2000) * 4);
    EXPECT_NEAR(ratio, expected, 0.15 * expected) << "k=" << k;
    // The metrics say the same, from the recorder's own daily counts: exactly these days' figures.
    const auto* d = r.find_metric("created_daily_dispersion");
    const auto* peak = r.find_metric("created_daily_peak_ratio");
    ASSERT_TRUE(d && peak);
    EXPECT_NEAR(d->ci.mean, ratio, 1e-9 * ratio);
    EXPECT_NEAR(peak->ci.mean, *std::max_element(per_day.begin(), per_day.end()) / s.mean(), 1e-9);
  }
}

TEST(Engine, MonthlyProfileShapesDemandButKeepsTheYearlyRate) {
  auto o = std::vector<std::string>{"/run/replications=1", "/run/horizon_days=366", "/run/warmup_days=0",
                                    "/demand/categories/job/rate_per_household_year=0.5",
                                    "/demand/categories/job/profile={\"month\": [2,1,1,1,1,1,1,1,1,1,1,1]}"};
  const auto r = govsim::test::run(load("scenarios/tests/mmc.json", o), 1, true);
  double jan = 0, jul = 0;
  for (const auto& is : r.replications[0].issues) {
    const double day = is.created / 24;
    if (day < 31) ++jan;
    else if (day >= 182 && day < 213) ++jul;
  }
  // Multipliers are normalised to mean 1: January 2 * 12/13, July 12/13 of the base 12 a day.
  EXPECT_NEAR(jan / 31, 12 * 24.0 / 13, 5 * std::sqrt(12 * 24.0 / 13 / 31));
  EXPECT_NEAR(jul / 31, 12 * 12.0 / 13, 5 * std::sqrt(12 * 12.0 / 13 / 31));
}

TEST(Engine, PatrolDiscoveryDelaysFirstResponse) {
  auto o = std::vector<std::string>{
      "/run/replications=1", "/run/horizon_days=200", "/run/warmup_days=0",
      "/demand/categories/job/discovery=[{\"channel\": \"patrol\", \"share\": 1, \"delay\": {\"dist\": \"deterministic\", \"value\": 48}}]"};
  const auto r = govsim::test::run(load("scenarios/tests/mmc.json", o), 1, true);
  for (const auto& is : r.replications[0].issues) {
    if (is.discovered < 0) continue;
    EXPECT_DOUBLE_EQ(is.discovered, is.created + 48);
    if (is.first_response >= 0) {
      EXPECT_GE(is.first_response, is.discovered);
    }
  }
  expect_conserved(r, "patrol");
  // Issues created in the last 48 hours are still undiscovered at the end: open, not lost.
  EXPECT_GT(r.replications[0].open_all, 0u);
}

// A policy that asks for a role the unit does not have fails with the policy, issue and time named.
namespace {
class BadPolicy final : public govsim::plugin::Policy {
 public:
  govsim::plugin::Action on_issue_arrived(const govsim::plugin::IssueView&, const govsim::plugin::Context&) override {
    return govsim::plugin::Action::handle(7);
  }
  govsim::plugin::Action on_attempt_finished(const govsim::plugin::IssueView&, const govsim::plugin::AttemptResult&,
                                             const govsim::plugin::Context&) override {
    return govsim::plugin::Action::close();
  }
};
class LoopingPolicy final : public govsim::plugin::Policy {
 public:
  govsim::plugin::Action on_issue_arrived(const govsim::plugin::IssueView& is, const govsim::plugin::Context& ctx) override {
    return govsim::plugin::Action::escalate(ctx.parent(is.unit) == govsim::plugin::kNoUnit ? is.origin : govsim::plugin::kNoUnit);
  }
  govsim::plugin::Action on_attempt_finished(const govsim::plugin::IssueView&, const govsim::plugin::AttemptResult&,
                                             const govsim::plugin::Context&) override {
    return govsim::plugin::Action::close();
  }
};
}  // namespace

TEST(Engine, ImpossibleActionsFailWithContext) {
  const auto sc = load("scenarios/tests/chain4.json", {"/run/horizon_days=5", "/run/warmup_days=0"});
  BadPolicy bad;
  try {
    govsim::model::run_replication(sc, bad, 0);
    FAIL() << "no error";
  } catch (const govsim::ModelError& e) {
    const std::string m = e.what();
    EXPECT_EQ(m.rfind("policy 'tiered', replication 0, issue 0 (issue, at 'department/street/community/grid'), t=", 0), 0u) << m;
    EXPECT_NE(m.find("(2024-01-01): the policy asked role '7' to handle it at unit 'department/street/community/grid', "
                     "which has no such staff"), std::string::npos) << m;
  }
  LoopingPolicy loop;
  try {
    govsim::model::run_replication(sc, loop, 0);
    FAIL() << "no error";
  } catch (const govsim::ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("without handling it (a loop?)"), std::string::npos) << e.what();
  }
}

namespace {
// Answers every new issue with one fixed action.
class FixedAction : public govsim::plugin::Policy {
 public:
  explicit FixedAction(govsim::plugin::Action a) : a_(a) {}
  govsim::plugin::Action on_issue_arrived(const govsim::plugin::IssueView&, const govsim::plugin::Context&) override { return a_; }
  govsim::plugin::Action on_attempt_finished(const govsim::plugin::IssueView&, const govsim::plugin::AttemptResult&,
                                             const govsim::plugin::Context&) override {
    return govsim::plugin::Action::close();
  }

 private:
  govsim::plugin::Action a_;
};

std::string model_error(const govsim::model::Scenario& sc, govsim::plugin::Action a) {
  FixedAction p(a);
  return govsim::test::model_error(sc, p);
}
}  // namespace

TEST(Engine, ImpossibleSummonsDispatchesAndWaitsFailWithContext) {
  using govsim::plugin::Action;
  const auto sc = load("scenarios/tests/chain4.json", {"/run/horizon_days=5", "/run/warmup_days=0"});
  EXPECT_NE(model_error(sc, Action::summon(2)).find("the policy summoned departments from unit 'department/street/community/grid', "
                                                   "which has no summons links"), std::string::npos);
  EXPECT_NE(model_error(sc, Action::summon(0)).find("the policy summoned 0 departments; expected 1 to 1000"), std::string::npos);
  EXPECT_NE(model_error(sc, Action::dispatch(7)).find("the policy dispatched the issue to role '7' at unit "
                                                     "'department/street/community/grid', which has no such staff"),
            std::string::npos);
  EXPECT_NE(model_error(sc, Action::wait()).find("the policy answered wait() without a timer"), std::string::npos);
  EXPECT_NE(model_error(sc, Action::expedite()).find("the policy answered expedite() outside a timer or SLA event"),
            std::string::npos);
  // A summoned unit without staff for the category is named.
  const auto linked = load("scenarios/tests/chain4.json", {"/run/horizon_days=5", "/run/warmup_days=0",
                                                           "/org/links=[{\"from\": \"department/street/community/grid\", "
                                                           "\"to\": \"department/street\", \"kind\": \"summons\"}]",
                                                           "/staff/street_office/handles=[]"});
  EXPECT_NE(model_error(linked, Action::summon(1)).find("the policy summoned unit 'department/street', which has no staff to "
                                                       "handle category 'issue'"), std::string::npos);
}

// Residents reopen a resolution (category `reopen`): with share 1 and max 1 every issue is
// resolved, lies dormant up to 2 days, is reopened and handled again (on_reopen's default: the
// unit's handler), and resolved for good — two attempts of exactly 1 h and no queue.
TEST(Engine, ReopenedIssuesAreHandledAgainAndTheirTimeRunsOn) {
  auto doc = govsim::io::parse_json(R"({"schema_version": 1, "name": "reopen", "start_date": "2024-01-01",
    "levels": ["station"], "org": {"units": [{"name": "station", "households": 1000}]},
    "staff": {"s": {"level": "station", "count": 100, "success": 1, "service": {"dist": "deterministic", "value": 1}}},
    "demand": {"categories": {"job": {"rate_per_household_year": 1.0, "reopen": {"share": 1, "within_days": 2}}}},
    "run": {"horizon_days": 200, "warmup_days": 0, "replications": 2, "seed": 3}})", "r.json");
  const auto r = govsim::test::run(govsim::test::load_study(doc, "r.json"), 2, true);
  expect_conserved(r, "reopen");
  std::size_t n = 0;
  for (const auto& rep : r.replications)
    for (const auto& is : rep.issues) {
      if (is.outcome != govsim::model::Outcome::kResolved) continue;
      ++n;
      EXPECT_EQ(is.attempts, 2);
      EXPECT_GT(is.closed - is.created, 2.0);
      EXPECT_LE(is.closed - is.created, 2.0 + 48.0 + 1e-9);
    }
  EXPECT_GT(n, 800u);
  EXPECT_NEAR(r.metric("reopened").ci.mean, r.metric("resolved").ci.mean, 3.0);
  // Half as often: about half the issues take a second attempt.
  doc["demand"]["categories"]["job"]["reopen"]["share"] = 0.5;
  const auto half = govsim::test::run(govsim::test::load_study(doc, "r.json"), 2, false);
  EXPECT_NEAR(half.metric("reopened").ci.mean / half.metric("resolved").ci.mean, 0.5, 0.05);
}

// The moved cohort's time to resolve: over the issues resolved after an escalation or away from
// the unit where they arose — exactly those of the issue records (window cohort, resolved).
TEST(Engine, TimeToResolveOfMovedIssuesIsTheirRecordsMean) {
  const auto sc = load("scenarios/tests/chain4.json", {"/run/replications=1", "/run/horizon_days=200", "/run/warmup_days=20"});
  const auto r = govsim::test::run(sc, 1, true);
  double sum = 0, all = 0;
  std::size_t n = 0, resolved = 0;
  for (const auto& is : r.replications[0].issues) {
    if (is.outcome != govsim::model::Outcome::kResolved || is.created < 20 * 24) continue;
    ++resolved;
    all += is.closed - is.created;
    if (is.escalations > 0 || is.closed_at != is.origin) {
      sum += is.closed - is.created;
      ++n;
    }
  }
  ASSERT_GT(n, 100u);
  ASSERT_LT(n, resolved) << "some are settled where they arose";
  EXPECT_NEAR(r.metric("ttr_moved_mean_hours").ci.mean, sum / static_cast<double>(n), 1e-9 * sum);
  EXPECT_NEAR(r.metric("ttr_mean_hours").ci.mean, all / static_cast<double>(resolved), 1e-9 * all);
  EXPECT_GT(r.metric("ttr_moved_mean_hours").ci.mean, r.metric("ttr_mean_hours").ci.mean);
  EXPECT_GT(r.metric("ttr_moved_p90_hours").ci.mean, r.metric("ttr_moved_p50_hours").ci.mean);
}
