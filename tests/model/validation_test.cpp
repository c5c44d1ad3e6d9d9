// govsim check's validation: a held-out figure is a prediction only when its null variant misses
// it; fitted, weak, missed and not-modelled figures are told apart; bad targets files are clear
// errors naming the file and JSON path.
#include <gtest/gtest.h>

#include "govsim/error.hpp"
#include "govsim/io/scenario_loader.hpp"
#include "govsim/model/validation.hpp"
#include "test_util.hpp"

using govsim::io::json;
using govsim::model::Verdict;

namespace {
json mmc() {
  json doc = govsim::io::read_json_file(govsim::test::source_path("scenarios/tests/mmc.json"));
  doc["run"] = json::parse(R"({"horizon_days": 200, "warmup_days": 10, "replications": 6, "seed": 5})");
  doc["demand"]["categories"]["big"] = json::parse(R"({"rate_per_household_year": 0.01})");
  return doc;
}
govsim::model::Validation check(const char* targets) {
  const auto spec = govsim::model::read_calibration_spec(json::parse(targets), "t.json");
  return govsim::model::validate(mmc(), spec, [](const json& d) { return govsim::io::load_scenario(d, "mmc.json"); },
                                 govsim::test::resolver());
}
std::string error(const char* targets) {
  try {
    check(targets);
  } catch (const govsim::ConfigError& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

// M/M/3 at A = 2: P(wait) = 4/9 and the mean wait 0.444 h (FIELD-NOTES §5). With a fourth server
// (the null variant) the wait falls to 0.087 h, so the figure discriminates; a variant that only
// renames the scenario reproduces it, so the same figure is weak evidence against it.
TEST(Validation, HeldOutFiguresArePredictedOnlyWhenTheirNullVariantMisses) {
  const auto v = check(R"({
    "targets": [
      {"metric": "created", "value": 9120, "tolerance": 0.03},
      {"metric": "mean_wait_hours.station", "value": 0.4444, "use": "hold_out", "tolerance": 0.1, "null": "fourth_server"},
      {"metric": "p_wait.station", "value": 0.4444, "use": "hold_out", "tolerance": 0.1, "null": "renamed"},
      {"metric": "utilisation.server@station", "value": 0.5, "use": "hold_out", "tolerance": 0.05, "null": "fourth_server"},
      {"metric": "utilisation.server@station", "value": 0.5, "use": "hold_out", "tolerance": 0.05, "null": "fourth_server", "known_miss": "it is 2/3"},
      {"metric": "mean_wait_hours.station", "value": 0.3, "use": "hold_out", "tolerance": 0.1, "null": "fourth_server", "at_least": true},
      {"value": 1400, "use": "not_modelled", "reason": "the report counts meetings; the station holds none", "source": "reported: 1,400+ meetings"}
    ],
    "variants": {
      "fourth_server": {"description": "one more server", "set": {"/staff/server/count": 4}},
      "renamed": {"set": {"/name": "mmc-renamed"}},
      "a_reading": {"kind": "reading", "description": "twice the demand", "set": {"/demand/categories/job/rate_per_household_year": 1.0}}
    }})");
  ASSERT_EQ(v.figures.size(), 7u);
  EXPECT_EQ(v.replications, 6u);
  EXPECT_EQ(v.figures[0].verdict, Verdict::kFitted);  // 2 an hour over the 190 days measured
  EXPECT_EQ(v.figures[1].verdict, Verdict::kPredicted);
  ASSERT_TRUE(v.figures[1].null.has_value());
  EXPECT_NEAR(v.figures[1].null->simulated.mean, 0.0870, 0.02);  // M/M/4 at A = 2: C = 0.1739, W = C / 2
  EXPECT_EQ(v.figures[2].verdict, Verdict::kWeak);
  EXPECT_EQ(v.figures[2].null->simulated.mean, v.figures[2].check->simulated.mean) << "common random numbers";
  EXPECT_EQ(v.figures[3].verdict, Verdict::kMissed) << "utilisation is 2/3, not 0.5";
  EXPECT_EQ(v.figures[4].verdict, Verdict::kKnownMiss) << "listed, not counted as a failure";
  // "0.3 h or more": the 0.444 h is within however far above; the fourth server's 0.087 h is not.
  EXPECT_EQ(v.figures[5].verdict, Verdict::kPredicted);
  EXPECT_GT(v.figures[5].check->relative_error, 0.3);
  EXPECT_EQ(v.figures[6].verdict, Verdict::kNotModelled);
  EXPECT_FALSE(v.figures[6].check.has_value());
  EXPECT_EQ(v.misses(), 1u);
  EXPECT_EQ(v.count(Verdict::kPredicted), 2u);
  // Every variant ran, the reading too: at half the demand the utilisation is 1/3.
  ASSERT_EQ(v.variants.size(), 3u);
  EXPECT_TRUE(v.variants[2].variant.reading);
  EXPECT_NEAR(v.variants[2].checks[3].simulated.mean, 1.0 / 3, 0.02);
  ASSERT_EQ(v.variants[2].checks.size(), 6u) << "the modelled figures";
}

TEST(Validation, BadTargetsFilesAreClearErrors) {
  const char* fit = R"({"metric": "created", "value": 1})";
  auto with = [&](const std::string& targets, const std::string& variants = "") {
    static std::string text;
    text = "{\"targets\": [" + std::string(fit) + (targets.empty() ? "" : ", " + targets) + "]" +
           (variants.empty() ? "" : ", \"variants\": " + variants) + "}";
    return error(text.c_str());
  };
  EXPECT_EQ(with(R"({"metric": "created", "value": 1, "use": "hold_out"})"),
            "t.json: /targets/1: expected \"null\": the variant (in /variants) that turns off the mechanism this held-out figure is evidence for");
  EXPECT_EQ(with(R"({"metric": "created", "value": 1, "use": "hold_out", "null": "x"})"),
            "t.json: /targets/1/null: expected a null variant of /variants, got 'x'; there are none");
  EXPECT_EQ(with(R"({"metric": "created", "value": 1, "use": "hold_out", "null": "x"})", R"({"y": {"set": {"/name": "n"}}})"),
            "t.json: /targets/1/null: expected a null variant of /variants, got 'x'; null variants: y");
  EXPECT_EQ(with(R"({"metric": "created", "value": 1, "null": "y"})", R"({"y": {"set": {"/name": "n"}}})"),
            "t.json: /targets/1/null: expected a null variant only for a figure with \"use\": \"hold_out\"");
  EXPECT_EQ(with("", R"({"y": {"set": {"/name": "n"}}})"),
            "t.json: /variants/y: expected a null variant that a held-out figure names (or \"kind\": \"reading\")");
  EXPECT_EQ(with(R"({"use": "not_modelled"})"), "t.json: /targets/1: expected a member 'reason'");
  EXPECT_EQ(with(R"({"metric": "created", "value": 1, "reason": "r"})"),
            "t.json: /targets/1/reason: expected a reason only for a figure with \"use\": \"not_modelled\"");
  EXPECT_EQ(with("", R"({"y": {"kind": "reading", "set": {}}})"), "t.json: /variants/y/set: expected at least one value to set");
  EXPECT_EQ(with(R"({"metric": "created", "value": 1, "known_miss": "r"})"),
            "t.json: /targets/1/known_miss: expected a known miss only for a figure with \"use\": \"hold_out\"");
  EXPECT_EQ(with("", R"({"y": {"kind": "both", "set": {"/name": "n"}}})"), "t.json: /variants/y/kind: expected \"null\" or \"reading\", got \"both\"");
  EXPECT_EQ(with("", R"({"y": {"kind": "reading", "set": {"name": "n"}}})"),
            "t.json: /variants/y/set: expected JSON pointers (\"/staff/volunteer/count\") as keys, got 'name'");
  EXPECT_EQ(with("", R"({"y": {"kind": "reading", "set": {"/nothing/here": 1}}})"),
            "t.json: /variants/y/set/~1nothing~1here: expected a path the scenario can take ('/nothing/here'): expected an existing object or array to set '/nothing/here' in");
  EXPECT_EQ(with("", R"({"y": {"kind": "reading", "set": {"/run/seed": 1}}})"),
            "t.json: /variants/y/set: expected no value of /run ('/run/seed'): every variant runs on the scenario's replications and seed");
  // A variant that removes what a figure measures: named, after its run.
  EXPECT_EQ(with(R"({"metric": "created.big", "value": 1, "use": "hold_out", "null": "y"})",
                 R"({"y": {"set": {"/demand/categories/big": null}}})").rfind("t.json: /variants/y: expected a variant whose results have every figure's metric; with it: t.json: /targets/1/metric: ", 0),
            0u);
  EXPECT_EQ(with("", R"({"y": {"kind": "reading", "set": {"/staff/server/count": -1}}})"),
            "t.json: /variants/y: expected a variant whose scenario loads; with it: mmc.json: /staff/server/count: expected an integer from 0 to 1000000, got -1");
  // A distribution the loader does not know fails with its message.
  const std::string removed = with("", R"({"y": {"kind": "reading", "set": {"/staff/server/service/dist": "weibull"}}})");
  EXPECT_EQ(removed.rfind("t.json: /variants/y: expected a variant whose scenario loads; with it: mmc.json: ", 0), 0u) << removed;
}
