// Calibration: the fit reaches its targets on common random numbers; checks and bad target files.
#include <gtest/gtest.h>

#include <cmath>

#include "govsim/error.hpp"
#include "govsim/model/calibrate.hpp"
#include "test_util.hpp"

using govsim::io::json;

namespace {
json mmc() {
  json doc = govsim::io::read_json_file(govsim::test::source_path("scenarios/tests/mmc.json"));
  doc["run"] = json::parse(R"({"horizon_days": 140, "warmup_days": 0, "replications": 4, "seed": 3})");
  return doc;
}
}  // namespace

TEST(Calibrate, FitsARateAndAServerCountToReportedFigures) {
  // 6,000 issues in 140 days and 99% resolved: the rate is fitted from 2.0, the success
  // probability from 1.0 (which resolves nearly everything) down to the reported rate.
  json doc = mmc();
  doc["staff"]["server"]["success"] = 1.0;
  const auto spec = govsim::model::read_calibration_spec(json::parse(R"({
      "parameters": [{"path": "demand.categories.job.rate_per_household_year", "low": 0.5, "high": 5},
                     {"path": "/staff/server/success", "low": 0.5, "high": 1}],
      "targets": [{"metric": "created", "value": 6000}, {"metric": "resolution_rate", "value": 0.99},
                  {"metric": "utilisation.server@station", "value": 0.7, "use": "hold_out", "tolerance": 0.2, "null": "more_servers"}],
      "variants": {"more_servers": {"set": {"/staff/server/count": 6}}},
      "max_evaluations": 300})"), "t.json");
  const auto r = govsim::model::calibrate(doc, "mmc.json", spec, govsim::test::resolver());
  ASSERT_EQ(r.checks.size(), 3u);
  EXPECT_LT(std::abs(r.checks[0].relative_error), 0.01) << r.checks[0].simulated.mean;
  EXPECT_LT(std::abs(r.checks[1].relative_error), 0.01) << r.checks[1].simulated.mean;
  EXPECT_NEAR(r.values[0], 6000.0 / 8760 / 140 * 365, 0.1) << "about 1.79 per household-year";
  EXPECT_LT(r.values[1], 0.99) << "some attempts must fail";
  EXPECT_EQ(r.fitted["staff"]["server"]["success"].get<double>(), r.values[1]);
  // Checking the fitted scenario gives the same figures.
  const auto run = govsim::test::run(govsim::io::load_scenario(r.fitted, "fitted.json"));
  const auto checks = govsim::model::check_targets(run, spec);
  EXPECT_EQ(checks[0].simulated.mean, r.checks[0].simulated.mean);
  EXPECT_TRUE(checks[0].within && checks[1].within);
}

TEST(Calibrate, BadTargetFilesAreClearErrors) {
  auto message = [](const char* text) {
    try {
      const auto spec = govsim::model::read_calibration_spec(json::parse(text), "t.json");
      govsim::model::calibrate(mmc(), "mmc.json", spec, govsim::test::resolver());
    } catch (const govsim::ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(R"({"targets": []})"), "t.json: /targets: expected at least one target");
  EXPECT_EQ(message(R"({"parameters": [{"path": "run.seed", "low": 2, "high": 1}], "targets": [{"metric": "created", "value": 1}]})"),
            "t.json: /parameters/0: expected low < high");
  EXPECT_EQ(message(R"({"parameters": [{"path": "staff.server.nothing", "low": 0, "high": 1}], "targets": [{"metric": "created", "value": 1}]})"),
            "t.json: /parameters/0/path: expected the path of a number in mmc.json, got 'staff.server.nothing'");
  EXPECT_EQ(message(R"({"parameters": [{"path": "staff.server.count", "low": 1, "high": 9}], "targets": [{"metric": "created", "value": 1, "use": "both"}]})"),
            "t.json: /targets/0/use: expected \"fit\", \"hold_out\" or \"not_modelled\", got \"both\"");
  const std::string unknown = message(R"({"parameters": [{"path": "staff.server.count", "low": 1, "high": 9}], "targets": [{"metric": "happiness", "value": 1}]})");
  EXPECT_EQ(unknown.rfind("t.json: /targets/0/metric: expected a metric of the results, got 'happiness'; metrics: created, ", 0), 0u) << unknown;
}

// What the fitted figures say about the parameters: an interval from the replications, and which
// parameters they do not determine. The rate is determined by 'created' (its interval is created's,
// relative to the mean, as 'created' is proportional to it); the servers' success is not, as no
// fitted figure responds to it; two rates fitted to their total only are confounded.
TEST(Calibrate, IntervalsAndIdentifiability) {
  json doc = mmc();
  doc["demand"]["categories"]["big"] = json::parse(R"({"rate_per_household_year": 0.5})");
  doc["staff"]["server"]["success"] = 0.95;
  const auto spec = govsim::model::read_calibration_spec(json::parse(R"({
      "parameters": [{"path": "/demand/categories/job/rate_per_household_year", "low": 0.5, "high": 5},
                     {"path": "/demand/categories/big/rate_per_household_year", "low": 0.1, "high": 2},
                     {"path": "/staff/server/success", "low": 0.9, "high": 1}],
      "targets": [{"metric": "created", "value": 8000}, {"metric": "created.job", "value": 6000}],
      "max_evaluations": 200})"), "t.json");
  const auto r = govsim::model::calibrate(doc, "mmc.json", spec, govsim::test::resolver());
  ASSERT_TRUE(r.reached);
  ASSERT_EQ(r.estimates.size(), 3u);
  for (int i : {0, 1}) {
    const auto& e = r.estimates[static_cast<std::size_t>(i)];
    EXPECT_EQ(e.identifiability, "identified") << i;
    EXPECT_LT(e.low, e.value);
    EXPECT_GT(e.high, e.value);
  }
  // The job rate's relative interval is about created.job's relative interval (a proportional figure).
  const auto& job = r.checks[1].simulated;
  const double figure_width = (job.high - job.low) / job.mean, rate_width = (r.estimates[0].high - r.estimates[0].low) / r.values[0];
  EXPECT_NEAR(rate_width, figure_width, 0.5 * figure_width);
  // A bad value inside the bounds names the targets file and the values tried.
  const auto bad = govsim::model::read_calibration_spec(json::parse(R"({
      "parameters": [{"path": "/staff/server/count", "low": -5, "high": -1}],
      "targets": [{"metric": "created", "value": 8000}], "max_evaluations": 20})"), "t.json");
  try {
    govsim::model::calibrate(doc, "mmc.json", bad, govsim::test::resolver());
    ADD_FAILURE() << "no error";
  } catch (const govsim::ConfigError& e) {
    const std::string m = e.what();
    EXPECT_EQ(m.rfind("t.json: /parameters: expected bounds within which the scenario loads; at /staff/server/count = -", 0), 0u) << m;
  }
  EXPECT_EQ(r.estimates[2].identifiability, "not determined");
  EXPECT_LT(r.estimates[2].sensitivity, 1e-3);
  EXPECT_TRUE(std::isnan(r.estimates[2].low));

  // Only the total: the two rates are confounded (any split of 8,000 fits it).
  const auto total_only = govsim::model::read_calibration_spec(json::parse(R"({
      "parameters": [{"path": "/demand/categories/job/rate_per_household_year", "low": 0.5, "high": 5},
                     {"path": "/demand/categories/big/rate_per_household_year", "low": 0.1, "high": 2}],
      "targets": [{"metric": "created", "value": 8000}], "max_evaluations": 100})"), "t.json");
  const auto c = govsim::model::calibrate(doc, "mmc.json", total_only, govsim::test::resolver());
  ASSERT_EQ(c.estimates.size(), 2u);
  EXPECT_EQ(c.estimates[0].identifiability, "confounded");
  EXPECT_EQ(c.estimates[0].with, std::vector<std::string>{"/demand/categories/big/rate_per_household_year"});
  EXPECT_EQ(c.estimates[1].identifiability, "confounded");
  EXPECT_TRUE(std::isnan(c.estimates[0].low));
}

// A figure the bounds do not allow: the fit says so, naming the figure and the parameter at its bound.
TEST(Calibrate, AFitThatCannotReachItsFigureSaysWhy) {
  const auto spec = govsim::model::read_calibration_spec(json::parse(R"({
      "parameters": [{"path": "/demand/categories/job/rate_per_household_year", "low": 0.5, "high": 2.5}],
      "targets": [{"metric": "created", "value": 100000}], "max_evaluations": 60})"), "t.json");
  const auto r = govsim::model::calibrate(mmc(), "mmc.json", spec, govsim::test::resolver());
  EXPECT_FALSE(r.reached);
  EXPECT_TRUE(r.estimates[0].at_bound);
  EXPECT_DOUBLE_EQ(r.values[0], 2.5);
  ASSERT_GE(r.not_reached.size(), 2u);
  EXPECT_EQ(r.not_reached[0].rfind("created: ", 0), 0u) << r.not_reached[0];
  EXPECT_NE(r.not_reached[1].find("/demand/categories/job/rate_per_household_year stopped at its bound 2.5 of the targets file: "
                                   "the figures want it higher"),
            std::string::npos)
      << r.not_reached[1];
  EXPECT_LE(r.estimates[0].high, 2.5) << "the interval stays within the bounds";
}

// A policy that reads the organisation while it is made (referral) is made for each evaluation's
// own scenario: calibrate used to make it from the first evaluation's, gone by the second (a crash).
TEST(Calibrate, APolicyThatReadsTheOrganisationSurvivesManyEvaluations) {
  json doc = govsim::io::read_json_file(govsim::test::source_path("scenarios/tests/referral.json"));
  doc["run"]["replications"] = 2;
  const double rate = doc["demand"]["categories"].begin().value()["rate_per_household_year"].get<double>();
  const std::string path = "/demand/categories/" + doc["demand"]["categories"].begin().key() + "/rate_per_household_year";
  const auto spec = govsim::model::read_calibration_spec(
      json{{"parameters", json::array({json{{"path", path}, {"low", rate / 2}, {"high", rate * 2}}})},
           {"targets", json::array({json{{"metric", "created"}, {"value", 1.0}}})},
           {"max_evaluations", 5}},
      "t.json");
  const auto r = govsim::model::calibrate(doc, "referral.json", spec, govsim::test::resolver());
  EXPECT_EQ(r.evaluations, 5);
}
