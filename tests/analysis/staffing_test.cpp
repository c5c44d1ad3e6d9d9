// govsim staff: the solver finds Erlang C's exact minimum on M/M/c, in both staffing rules, never
// reports a level that misses a target, and refuses bad roles and targets clearly.
#include <gtest/gtest.h>

#include "govsim/analysis/queueing.hpp"
#include "govsim/analysis/staffing.hpp"
#include "govsim/error.hpp"
#include "govsim/io/scenario_loader.hpp"
#include "test_util.hpp"

using namespace govsim::analysis;
using govsim::test::source_path;

namespace {
// mmc.json at A = 10 erlangs (10 jobs an hour, mean service 1 h), 60 measured days a replication.
govsim::io::json mmc10(const std::vector<std::string>& more = {}) {
  auto doc = govsim::io::read_json_file(source_path("scenarios/tests/mmc.json"));
  for (const auto& o : std::vector<std::string>{"/demand/categories/job/rate_per_household_year=10", "/run/horizon_days=65",
                                                "/run/warmup_days=5"})
    govsim::io::apply_override(doc, o, "mmc.json");
  for (const auto& o : more) govsim::io::apply_override(doc, o, "mmc.json");
  return doc;
}

// The solver as a study runs it: the scenario's policy resolved first.
govsim::analysis::StaffResult staff(const govsim::io::json& doc, const std::string& file, StaffOptions opt) {
  opt.policy = govsim::plugin::resolve_policy(govsim::io::load_scenario(doc, file));
  return solve_staffing(doc, file, opt);
}

StaffOptions options(const std::string& role, std::initializer_list<const char*> targets) {
  StaffOptions o;
  o.role = role;
  for (const char* t : targets) o.targets.push_back(parse_staff_target(t));
  o.threads = 2;
  return o;
}
}  // namespace

TEST(StaffTarget, Parses) {
  auto t = parse_staff_target("p90_time_to_resolve<=72h");
  EXPECT_EQ(t.metric, "ttr_p90_hours");
  EXPECT_TRUE(t.at_most);
  EXPECT_EQ(t.value, 72);
  t = parse_staff_target("ttr_mean_hours <= 3d");
  EXPECT_EQ(t.value, 72);
  t = parse_staff_target("sla_compliance>=90%");
  EXPECT_EQ(t.metric, "sla_compliance");
  EXPECT_FALSE(t.at_most);
  EXPECT_DOUBLE_EQ(t.value, 0.9);
  EXPECT_EQ(parse_staff_target("mean_wait<=1w").value, 168);
  EXPECT_THROW(parse_staff_target("p90_time_to_resolve<72h"), govsim::Error);
  EXPECT_THROW(parse_staff_target("sla_compliance>=3d"), govsim::Error);
  EXPECT_THROW(parse_staff_target("<=3"), govsim::Error);
}

TEST(Staff, FindsErlangCMinimumOnMmc) {
  // The exact answer: the fewest servers with P(wait) <= 0.5 at A = 10 is 12 (FIELD-NOTES §5 table).
  const int exact = min_servers([](int c) { return erlang_c(10, c) <= 0.5; });
  ASSERT_EQ(exact, 12);
  const auto r = staff(mmc10(), "mmc.json", options("server", {"p_wait<=0.5"}));
  ASSERT_TRUE(r.best);
  EXPECT_EQ(r.best->staff, 12u);
  EXPECT_FALSE(r.per_households);
  EXPECT_EQ(r.analytic_staff, 14u);  // ceil(10 + sqrt(10))
  ASSERT_TRUE(r.next_fewer);
  EXPECT_EQ(r.next_fewer->staff, 11u);
  EXPECT_FALSE(r.next_fewer->feasible);
  // What is reported meets its target with confidence: all verdicts +1, the CI below the target.
  EXPECT_TRUE(r.best->feasible);
  EXPECT_EQ(r.best->verdicts, std::vector<int>{1});
  EXPECT_LT(r.best->metrics[0].high, 0.5);
  EXPECT_NEAR(r.best->metrics[0].mean, erlang_c(10, 12), 0.06);
  // Every point on the curve: more staff, never a worse mean P(wait) beyond noise.
  for (std::size_t i = 1; i < r.points.size(); ++i)
    EXPECT_GE(r.points[i].metrics[0].mean + 0.02, r.points[i - 1].metrics[0].mean);
  EXPECT_NE(format(r).find("answer: 12 server"), std::string::npos) << format(r);
}

TEST(Staff, TwoTargetsAndThePerHouseholdsRule) {
  // Mean wait at c = 12 is C/(c mu - lambda) = 0.4494/2 = 0.225 h, at c = 11 0.682 h: a 0.3 h bound also gives 12.
  auto doc = mmc10({"/staff/server={\"level\": \"station\", \"per_households\": 1000, \"service\": {\"dist\": \"exponential\", \"mean\": 1}}"});
  const auto r = staff(doc, "mmc.json", options("server", {"p_wait<=0.5", "mean_wait<=0.3h"}));
  ASSERT_TRUE(r.best);
  EXPECT_TRUE(r.per_households);
  EXPECT_EQ(r.best->staff, 12u);
  EXPECT_DOUBLE_EQ(r.best->households_per_worker, 8760.0 / 12);
  // The setting is the most households per worker that still gives 12: round(8760 / h) = 12.
  EXPECT_EQ(std::llround(8760 / r.best->setting), 12);
  EXPECT_NE(std::llround(8760 / (r.best->setting * 1.03)), 12);
  const auto j = to_json(r);
  EXPECT_EQ(j["rule"], "per_households");
  EXPECT_EQ(j["best"]["staff"], 12);
  EXPECT_EQ(j["targets"][1]["value"], 0.3);
}

// A role drawn in grids with one worker each: the solver varies the grids' households. Eight
// compounds of 1,095 households, 0.25 jobs an hour each of 1 h: a grid of k compounds keeps its
// worker 0.25 k busy, so grids of two (4 workers, 50%) meet "at most 60%" and grids of three
// (3, 3 and 2 compounds: 3 workers, 67%) do not. Grids of two are drawn up to 2,737.5 households
// (where three compounds come nearer).
TEST(Staff, VariesTheGridsOfARoleDrawnInGrids) {
  const auto doc = govsim::io::json::parse(R"({"schema_version": 1, "name": "grids", "start_date": "2024-01-01",
    "levels": ["hub", "compound"],
    "org": {"units": [{"name": "hub", "level": "hub", "children": [{"name": "c-{i}", "repeat": 8, "households": 1095}]}]},
    "staff": {"server": {"level": "compound", "pooled_at": "hub", "grid_households": 2190, "count": 1,
                         "service": {"dist": "exponential", "mean": 1.0}}},
    "demand": {"categories": {"job": {"rate_per_household_year": 2.0}}},
    "policy": {"name": "tiered", "params": {"assess_before_handling": false}},
    "run": {"horizon_days": 65, "warmup_days": 5, "replications": 4, "seed": 7}})");
  const auto r = staff(doc, "grids.json", options("server", {"utilisation.server@compound<=60%"}));
  ASSERT_TRUE(r.best);
  EXPECT_TRUE(r.grid);
  EXPECT_EQ(r.best->staff, 4u);
  EXPECT_DOUBLE_EQ(r.best->households_per_worker, 2190);
  EXPECT_LT(r.best->setting, 2737.5);
  EXPECT_GE(r.best->setting * 1.03, 2737.5);
  ASSERT_TRUE(r.next_fewer);
  EXPECT_EQ(r.next_fewer->staff, 3u);
  EXPECT_EQ(to_json(r)["rule"], "grid_households");
}

// A cost ceiling is checked at the fewest staff meeting the service targets (more staff only cost
// more): at A = 10, P(wait) <= 0.5 needs 12 servers at 1,000 a year each.
TEST(Staff, ACostCeilingIsCheckedWhereTheServiceTargetsAreMet) {
  auto doc = mmc10({"/staff/server/wage_per_year=1000"});
  auto r = staff(doc, "mmc.json", options("server", {"p_wait<=0.5", "cost_per_year<=12001"}));
  ASSERT_TRUE(r.best);
  EXPECT_EQ(r.best->staff, 12u);
  EXPECT_NEAR(r.best->metrics[1].mean, 12000, 1e-6);  // 12 x 1,000 a year
  r = staff(doc, "mmc.json", options("server", {"p_wait<=0.5", "cost_per_year<=11500"}));
  EXPECT_FALSE(r.best);
  EXPECT_EQ(r.note, "the fewest staff meeting the other targets (12) miss cost_per_year<=11500, which more staff only make "
                    "harder: no staffing meets every target");
  // A cost ceiling alone: the fewest staff on the ladder.
  r = staff(doc, "mmc.json", options("server", {"cost_per_year<=100000"}));
  ASSERT_TRUE(r.best);
  EXPECT_EQ(r.best->staff, 1u);
}

TEST(Staff, SaysWhenNoStaffingMeetsATarget) {
  // Kenli's monthly deliberation day holds issues for weeks: no number of grid workers gets the
  // 90th percentile to a day.
  auto doc = govsim::io::read_json_file(source_path("scenarios/kenli.json"));
  govsim::io::apply_override(doc, "/run/replications=2", "kenli.json");
  auto o = options("grid_worker", {"p90_time_to_resolve<=24h"});
  o.curve_points = 0;
  o.initial_reps = 2;
  o.max_reps = 4;
  const auto r = staff(doc, "kenli.json", o);
  EXPECT_FALSE(r.best);
  EXPECT_NE(r.note.find("no staffing on the ladder meets every target"), std::string::npos);
  for (const auto& p : r.points) EXPECT_FALSE(p.feasible);
}

TEST(Staff, RefusesBadRolesAndMetrics) {
  try {
    staff(mmc10(), "mmc.json", options("nosuch", {"p_wait<=0.5"}));
    FAIL();
  } catch (const govsim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("mmc.json: /staff/nosuch: expected a role of the scenario to staff; roles: server"),
              std::string::npos) << e.what();
  }
  const auto wuxue = govsim::io::read_json_file(source_path("scenarios/wuxue.json"));
  try {
    staff(wuxue, "wuxue.json", options("red_steward", {"p_wait<=0.5"}));
    FAIL();
  } catch (const govsim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("/staff/red_steward: expected a role placed by a level rule"), std::string::npos) << e.what();
  }
  try {
    staff(mmc10(), "mmc.json", options("server", {"waiting_time<=0.5"}));
    FAIL();
  } catch (const govsim::Error& e) {
    EXPECT_NE(std::string(e.what()).find("names no metric of the results ('waiting_time'); metrics: created"), std::string::npos)
        << e.what();
  }
  // A households-per-worker range for a role placed by a count, or a range upside down.
  auto opt = options("server", {"p_wait<=0.5"});
  opt.min_households = 100;
  try {
    staff(mmc10(), "mmc.json", opt);
    FAIL();
  } catch (const govsim::Error& e) {
    EXPECT_EQ(std::string(e.what()), "staff: --min-households and --max-households apply to a role placed per_households or "
                                     "drawn in grids; 'server' is placed by a count per unit (--max-per-unit bounds that search)");
  }
  opt.max_households = 50;
  try {
    staff(mmc10({"/staff/server/count=null", "/staff/server/per_households=1000"}), "mmc.json", opt);
    FAIL();
  } catch (const govsim::Error& e) {
    EXPECT_EQ(std::string(e.what()), "staff: expected the lower end of the households per worker searched below its upper end; "
                                     "got 100 (--min-households) and 50 (--max-households)");
  }
}

TEST(Staff, OneCurvePoint) {
  auto o = options("server", {"p_wait<=0.5"});
  o.curve_points = 1;  // the ladder's first rung (one server) besides the search
  const auto r = staff(mmc10(), "mmc.json", o);
  ASSERT_TRUE(r.best);
  EXPECT_EQ(r.best->staff, 12u);
  EXPECT_EQ(r.points.back().staff, 1u);  // points run by households per worker: one server is the last
  EXPECT_FALSE(r.points.back().feasible);
}
