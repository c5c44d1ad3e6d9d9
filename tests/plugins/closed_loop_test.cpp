// closed_loop: residents' low ratings send solutions back; rework raises satisfaction and workload.
#include <gtest/gtest.h>

#include "govsim/error.hpp"
#include "test_util.hpp"

using govsim::test::load;

namespace {
const std::vector<std::string> kBase = {
    "/run/replications=4", "/run/horizon_days=120",
    "/evaluation={\"base\": 0.7, \"per_day\": -0.02, \"per_level_up\": -0.05, \"per_rework\": 0.2, \"sd\": 0.15}"};
std::vector<std::string> with(std::vector<std::string> o, const std::string& x) {
  o.push_back(x);
  return o;
}
}  // namespace

TEST(ClosedLoop, ReworkRaisesSatisfactionAndWorkload) {
  const auto plain = govsim::test::run(govsim::test::load_kenli_tiered(kBase));
  const auto loop = govsim::test::run(govsim::test::load_kenli_tiered(with(kBase, "/policy/name=closed_loop")));
  EXPECT_EQ(plain.metric("created").ci.mean, loop.metric("created").ci.mean) << "same demand";
  EXPECT_EQ(plain.metric("reworks").ci.mean, 0.0) << "tiered accepts every rating";
  EXPECT_GT(loop.metric("reworks").ci.mean, 100.0);
  EXPECT_GT(loop.metric("satisfaction_mean").ci.low, plain.metric("satisfaction_mean").ci.high);
  EXPECT_GT(loop.metric("attempts").ci.mean, plain.metric("attempts").ci.mean + loop.metric("reworks").ci.mean * 0.9);
  EXPECT_GT(loop.metric("ttr_mean_hours").ci.mean, plain.metric("ttr_mean_hours").ci.mean);
  for (const auto& rep : loop.replications)
    EXPECT_EQ(rep.created_all, rep.resolved_all + rep.closed_all + rep.withdrawn_all + rep.open_all);
}

TEST(ClosedLoop, AtMostMaxReworksPerIssue) {
  const auto r = govsim::test::run(
      govsim::test::load_kenli_tiered(with(with(with(kBase, "/policy/name=closed_loop"), "/policy/params/max_reworks=2"),
                                        "/policy/params/threshold=1")),
      2, true);
  std::uint32_t most = 0;
  for (const auto& rep : r.replications)
    for (const auto& is : rep.issues)
      if (is.outcome == govsim::model::Outcome::kResolved) {
        most = std::max(most, is.reworks);
        EXPECT_GE(is.satisfaction, 0.0);
      }
  EXPECT_EQ(most, 2u) << "threshold 1 rejects every rating until the limit";
}

// Only an accepted rating is an issue's satisfaction: one sent back and then left open or closed
// unresolved has none.
TEST(ClosedLoop, OnlyAcceptedRatingsAreRecorded) {
  const auto r = govsim::test::run(
      govsim::test::load_kenli_tiered(with(with(kBase, "/policy/name=closed_loop"), "/policy/params/threshold=0.8")), 2, true);
  std::size_t rated = 0;
  for (const auto& rep : r.replications)
    for (const auto& is : rep.issues) {
      if (is.outcome == govsim::model::Outcome::kResolved) {
        EXPECT_GE(is.satisfaction, 0.0);
        ++rated;
      } else {
        EXPECT_LT(is.satisfaction, 0.0) << "issue " << is.id << " (" << govsim::model::to_string(is.outcome) << ")";
      }
    }
  EXPECT_GT(rated, 100u);
}

TEST(ClosedLoop, WithoutAnEvaluationModelNothingIsRated) {
  auto doc = govsim::io::read_json_file(govsim::test::source_path("scenarios/kenli.json"));
  doc.erase("evaluation");
  doc["policy"] = govsim::io::json::parse(R"({"name": "closed_loop", "params": {"max_attempts_per_unit": 2}})");
  doc["run"]["replications"] = 2;
  doc["run"]["horizon_days"] = 60;
  doc["run"]["warmup_days"] = 0;
  const auto r = govsim::test::run(govsim::test::load_study(doc, "kenli.json"));
  EXPECT_EQ(r.metric("reworks").ci.mean, 0.0);
  EXPECT_EQ(r.metric("satisfaction_mean").ci.mean, 0.0);
}
