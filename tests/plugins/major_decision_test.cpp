// major_decision: staged procedure with delays, meetings and rejection, then the decision carried
// out and its result published.
#include <gtest/gtest.h>

#include "govsim/error.hpp"
#include "test_util.hpp"

using govsim::io::json;

namespace {
// Every issue has severity 3 and arises at the community (authority 3); 5 workers take 1 h.
json community(const json& params) {
  json doc = json::parse(R"({
    "schema_version": 1, "name": "decision-test", "start_date": "2024-01-01",
    "levels": [{"name": "community", "authority": 3}, {"name": "grid", "authority": 1}],
    "org": {"units": [{"name": "c", "children": [{"name": "g", "households": 88}]}]},
    "staff": {"worker": {"level": "community", "count": 5, "success": 1, "service": {"dist": "deterministic", "value": 1}},
              "grid_worker": {"level": "grid", "count": 1, "success": 1, "service": {"dist": "deterministic", "value": 1}}},
    "demand": {"categories": {"issue": {"rate_per_household_year": 1.0, "severity": [0, 0, 1]}}},
    "meetings": {"review": {"level": "community", "schedule": {"weekly": {"weekday": "mon", "time": "09:00"}},
                            "agenda_cap": 100, "duration_hours": 2, "success": 1}},
    "policy": {"name": "major_decision"},
    "run": {"horizon_days": 400, "warmup_days": 0, "replications": 3, "seed": 4}})");
  doc["policy"]["params"] = params;
  doc["policy"]["params"]["start_level"] = "community";
  return doc;
}

govsim::model::RunResult run(const json& params) {
  return govsim::test::run(govsim::test::load_study(community(params), "m.json"), 2, true);
}

// Checks every issue that ended `outcome` took at least `hours` and returns the share that took exactly that.
double share_taking(const govsim::model::RunResult& r, govsim::model::Outcome outcome, double hours) {
  std::size_t n = 0, exact = 0;
  for (const auto& rep : r.replications)
    for (const auto& is : rep.issues) {
      if (is.outcome != outcome) continue;
      ++n;
      EXPECT_GE(is.closed - is.created, hours - 1e-9) << "issue " << is.id;
      exact += std::abs(is.closed - is.created - hours) < 1e-9;
    }
  EXPECT_GT(n, 200u);
  return static_cast<double>(exact) / static_cast<double>(n);
}
}  // namespace

TEST(MajorDecision, StagesThenTheDecisionThenPublication) {
  // 10 h + 20 h of stages, 1 h carrying it out, 5 h publishing the result.
  const auto r = run(json::parse(R"({"stages": [{"name": "proposal", "hours": 10}, {"name": "decision", "hours": 20}],
                                     "publish_result_hours": 5})"));
  EXPECT_GT(share_taking(r, govsim::model::Outcome::kResolved, 36.0), 0.95);
  EXPECT_EQ(r.metric("closed_unresolved").ci.mean, 0.0);
}

TEST(MajorDecision, RejectionClosesOrRevises) {
  const auto closed = run(json::parse(R"({"stages": [{"hours": 10}, {"hours": 20, "reject": 1}], "on_reject": "close"})"));
  EXPECT_EQ(closed.metric("resolved").ci.mean, 0.0);
  EXPECT_EQ(share_taking(closed, govsim::model::Outcome::kClosedUnresolved, 30.0), 1.0);
  // Revised twice, rejected three times: 3 x 30 h.
  const auto revised = run(json::parse(R"({"stages": [{"hours": 10}, {"hours": 20, "reject": 1}], "max_revisions": 2})"));
  EXPECT_EQ(share_taking(revised, govsim::model::Outcome::kClosedUnresolved, 90.0), 1.0);
  // A rejection chance of 0.5 at one stage with no revision: about half are closed.
  const auto half = run(json::parse(R"({"stages": [{"hours": 1, "reject": 0.5}], "max_revisions": 0})"));
  EXPECT_NEAR(half.metric("resolution_rate").ci.mean, 0.5, 0.06);
}

TEST(MajorDecision, AMeetingStageWaitsForTheMeeting) {
  // The review meeting sits on Mondays 09:00-11:00; then 1 h carrying it out, no publication delay.
  const auto sc = govsim::test::load_study(
      community(json::parse(R"({"stages": [{"name": "review", "meeting": "review"}], "publish_result_hours": 0})")), "m.json");
  const auto r = govsim::test::run(sc, 2, true);
  std::size_t n = 0;
  for (const auto& rep : r.replications)
    for (const auto& is : rep.issues) {
      if (is.outcome != govsim::model::Outcome::kResolved || is.first_response < 0) continue;
      const long day = govsim::core::Calendar::day_index(is.first_response);
      EXPECT_EQ(sc.calendar.weekday_of_day(day), 0) << "the work starts on a Monday";
      EXPECT_NEAR(is.first_response - day * 24.0, 9.0, 1e-9) << "when the meeting opens";
      ++n;
    }
  EXPECT_GT(n, 200u);
  EXPECT_GT(r.metric("meetings_held").ci.mean, 40.0);
}

// With carry_out false the meeting's decision settles the issue: it is resolved when the meeting
// (Mondays 09:00-11:00) and the 2-hour vote after it have passed, with no staff attempt; a rejected
// vote sends it back to the next meeting.
TEST(MajorDecision, ADecisionThatSettlesTheIssueItself) {
  const auto sc = govsim::test::load_study(
      community(json::parse(R"({"stages": [{"name": "review", "meeting": "review"}, {"name": "vote", "hours": 2}],
                                "publish_result_hours": 0, "carry_out": false})")), "m.json");
  const auto r = govsim::test::run(sc, 2, true);
  std::size_t n = 0;
  for (const auto& rep : r.replications)
    for (const auto& is : rep.issues) {
      if (is.outcome != govsim::model::Outcome::kResolved) continue;
      const long day = govsim::core::Calendar::day_index(is.closed);
      EXPECT_EQ(sc.calendar.weekday_of_day(day), 0) << "resolved on a Monday";
      EXPECT_NEAR(is.closed - day * 24.0, 13.0, 1e-9) << "the meeting's end and the vote: 11:00 + 2 h";
      EXPECT_EQ(is.attempts, 1) << "the meeting only";
      ++n;
    }
  EXPECT_GT(n, 200u);
  EXPECT_EQ(r.metric("utilisation.worker@community").ci.mean, 0.0) << "nobody carries it out";
  // A vote that rejects half the time: each rejection waits a week for the next meeting.
  const auto rejecting = govsim::test::run(govsim::test::load_study(
      community(json::parse(R"({"stages": [{"meeting": "review"}, {"name": "vote", "hours": 2, "reject": 0.5}],
                                "publish_result_hours": 0, "carry_out": false, "max_revisions": 100})")), "m.json"));
  EXPECT_GT(rejecting.metric("ttr_mean_hours").ci.mean, r.metric("ttr_mean_hours").ci.mean + 100) << "about a week more each";
}

TEST(MajorDecision, ClearErrors) {
  auto message = [](const json& params) {
    try {
      govsim::test::load_study(community(params), "m.json");
    } catch (const govsim::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(json::parse(R"({"stages": [{"hours": 1, "meeting": "review"}]})")),
            "m.json: /policy/params/stages/0: expected exactly one of 'hours' or 'meeting'");
  EXPECT_EQ(message(json::parse(R"({"stages": [{"meeting": "council"}]})")),
            "m.json: /policy/params/stages/0/meeting: expected a meeting type defined in /meetings, got 'council'");
  EXPECT_EQ(message(json::parse(R"({"on_reject": "appeal"})")),
            "m.json: /policy/params/on_reject: expected \"revise\" or \"close\", got \"appeal\"");
  EXPECT_EQ(message(json::parse(R"({"stages": [{"hours": 1, "reject": 2}]})")),
            "m.json: /policy/params/stages/0/reject: expected a number from 0 to 1, got 2");
  EXPECT_EQ(message(json::parse(R"({"stages": [{"hours": 1}], "carry_out": false})")),
            "m.json: /policy/params/carry_out: expected a meeting stage in 'stages' when the decision settles the issue itself "
            "(carry_out false): a meeting that settles it is what resolves it");
}
