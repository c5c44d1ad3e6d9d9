// Calibration: the fit reaches its targets on common random numbers; checks and bad target files.
#include <gtest/gtest.h>

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
