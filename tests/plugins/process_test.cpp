// process: a policy composed of stages and routes in the scenario.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "govsim/error.hpp"
#include "govsim/io/json_reader.hpp"
#include "test_util.hpp"

using govsim::io::json;

namespace {

json read(const std::string& rel) {
  std::ifstream in(govsim::test::source_path(rel));
  std::stringstream ss;
  ss << in.rdbuf();
  return govsim::io::parse_json(ss.str(), rel);
}

// The whole output of a run: summary (without wall time) and every issue's row.
std::string everything(const govsim::model::RunResult& r) {
  std::ostringstream os;
  govsim::io::write_issues_csv(r, os);
  return govsim::test::summary_text(r) + "\n" + os.str();
}

// Two replications of 200 days, results labelled `label` (default: the policy's name).
govsim::model::RunResult run_doc(json doc, const std::string& label = "") {
  doc["run"]["replications"] = 2;
  doc["run"]["horizon_days"] = 200;
  doc["run"]["warmup_days"] = 0;
  auto sc = govsim::test::load_study(doc, "a.json");
  sc.policy.label = label;
  return govsim::test::run(sc, 2, true);
}

// `policy` wrapped as the one stage of a process, labelled as the policy itself.
json one_stage(const json& policy) {
  json p = {{"name", "process"}};
  p["params"]["stages"]["only"] = {{"policy", policy["name"]}, {"params", policy.value("params", json::object())}};
  p["params"]["routes"] = json::array({{{"stages", {"only"}}}});
  return p;
}

std::string load_error(const json& doc) { return govsim::test::load_error(doc, "bad.json"); }

json kenli_with(const json& params) {
  json doc = read("scenarios/kenli.json");
  doc["policy"] = {{"name", "process"}, {"params", params}};
  return doc;
}

}  // namespace

// Each built-in policy, alone in a one-stage process, gives the same numbers bit for bit: the
// summary and every issue's row.
TEST(Process, OneStageProcessEqualsEachBuiltInPolicy) {
  struct Case {
    std::string file;
    json policy;
  };
  const std::vector<Case> cases = {
      {"scenarios/kenli.json", {{"name", "tiered"}, {"params", {{"max_attempts_per_unit", 2}, {"assess_before_handling", true}}}}},
      {"scenarios/kenli.json", {{"name", "deliberation_day"}, {"params", {{"max_attempts_per_unit", 2}, {"assess_before_handling", true}}}}},
      {"scenarios/kenli.json", {{"name", "closed_loop"}, {"params", {{"threshold", 0.8}, {"max_reworks", 2}}}}},
      {"scenarios/kenli.json", {{"name", "whistle"}, {"params", {{"departments", 3}, {"levels", {"community"}}}}}},
      {"scenarios/kenli.json", {{"name", "major_decision"}, {"params", {{"min_severity", 3}}}}},
      {"scenarios/kenli.json",
       {{"name", "sla_escalation"}, {"params", {{"limits_hours", 48}, {"remind_at", 0.5}, {"calendar", "office"}}}}},
      {"scenarios/fengtai.json",
       {{"name", "volunteer_dispatch"},
        {"params", {{"categories", {"service_request"}}, {"start_level", "compound"}, {"mode", "grab"}}}}},
      {"scenarios/tests/referral.json",
       {{"name", "referral"}, {"params", {{"levels", {"compound"}}, {"categories", {"repair"}}, {"max_attempts_per_unit", 1}}}}},
      {"scenarios/changxing.json",
       {{"name", "deliberation_day"}, {"params", {{"assess_before_handling", true}, {"meeting_attempts", 12}}}}},
  };
  for (const auto& c : cases) {
    json alone = read(c.file);
    if (c.file == "scenarios/tests/referral.json") alone["staff"]["property_manager"]["success"] = 0.5;  // hand-backs too
    json composed = alone;
    alone["policy"] = c.policy;
    composed["policy"] = one_stage(c.policy);
    const auto a = run_doc(alone), b = run_doc(composed, c.policy["name"]);
    EXPECT_GT(a.metric("resolved").ci.mean, 100) << c.file << " " << c.policy.dump();
    if (c.file == "scenarios/tests/referral.json")
      EXPECT_GT(a.metric("handbacks").ci.mean, 50) << "referrals come back: the process resumes there";
    EXPECT_EQ(everything(a), everything(b)) << c.file << " " << c.policy.dump();
  }
}

// closed_loop is tiered plus the residents' evaluation: tiered routing with closed_loop as the
// process's evaluation stage is closed_loop, bit for bit.
TEST(Process, AnEvaluationStageComposesWithTheRoutes) {
  json alone = read("scenarios/kenli.json");
  alone["policy"] = {{"name", "closed_loop"}, {"params", {{"threshold", 0.8}, {"max_reworks", 2}, {"max_attempts_per_unit", 2}}}};
  const json composed = kenli_with(json::parse(R"({
    "stages": {"handle": {"policy": "tiered", "params": {"max_attempts_per_unit": 2}},
               "rate": {"policy": "closed_loop", "params": {"threshold": 0.8, "max_reworks": 2}}},
    "routes": [{"stages": ["handle"]}],
    "evaluation": "rate"})"));
  const auto a = run_doc(alone), b = run_doc(composed, "closed_loop");
  EXPECT_GT(a.metric("reworks").ci.mean, 10);
  EXPECT_EQ(everything(a), everything(b));
}

// Triage by category attribute: matters that need consent wait for the compound's monthly
// deliberation (resolved there only at 11:00 on the 10th); the rest are handled by staff. And a
// route's stages follow one another at the unit: the staff's pass_on sends the matter to the
// meeting of the same compound, not up.
TEST(Process, RoutesTriageByConsentAndStagesFollowAtTheUnit) {
  auto build = [](bool staff_first) {
    json doc = read("scenarios/kenli.json");
    doc["demand"]["categories"]["parking"] = json::parse(
        R"({"rate_per_household_year": 0.02, "severity": [0.3, 0.7], "consent": {"parties": 4, "staff_success": 0}})");
    for (const char* k : {"participants", "quorum", "late_hours", "preparation_hours"})
      doc["meetings"]["deliberation"].erase(k);  // no seats to fill: the meeting sits on time
    doc["staff"]["grid_worker"]["handles"] = {"livelihood", "suggestion", "key_problem", "parking"};
    doc["org"]["units"][0]["children"][0]["owns"].push_back("parking");  // a department's jurisdiction
    json consent = {{"when", {{"levels", {"compound"}}, {"consent", true}}},
                    {"stages", staff_first ? json{"first_line", "deliberation"} : json{"deliberation"}}};
    doc["policy"] = {{"name", "process"}, {"params", {
        {"stages", {{"first_line", {{"policy", "tiered"}, {"params", {{"max_attempts_per_unit", 1}}}}},
                    {"deliberation", {{"policy", "deliberation_day"}, {"params", {{"meetings", {"deliberation"}}, {"meeting_attempts", 3}}}}}}},
        {"routes", {consent, {{"stages", {"first_line"}}}}}}}};
    return doc;
  };
  double attempts[2] = {0, 0};
  std::size_t settled[2] = {0, 0};
  for (bool staff_first : {false, true}) {
    json doc = build(staff_first);
    const auto sc = govsim::test::load_study(doc, "p.json");
    doc["run"]["horizon_days"] = 200;
    const auto r = run_doc(doc);
    const auto parking = *sc.find_category("parking");
    std::size_t at_meeting = 0, by_staff = 0;
    for (const auto& rep : r.replications)
      for (const auto& is : rep.issues) {
        if (is.outcome != govsim::model::Outcome::kResolved || r.unit_levels[is.closed_at] != 4) continue;
        const long day = govsim::core::Calendar::day_index(is.closed);
        const bool meeting_time = sc.calendar.day_of_month(day) == 10 && std::abs(is.closed - day * 24.0 - 11.0) < 1e-9;
        if (is.category == parking) {
          EXPECT_TRUE(meeting_time) << "parking settled at the compound only by its meeting, t=" << is.closed;
          if (staff_first) EXPECT_GE(is.attempts, 2) << "the staff try first, then the meeting";
          attempts[staff_first] += is.attempts;
          ++at_meeting;
        } else {
          by_staff += !meeting_time;
        }
      }
    EXPECT_GT(at_meeting, 50u);
    EXPECT_GT(by_staff, 1000u);
    settled[staff_first] = at_meeting;
  }
  // The staff's one failed attempt comes before the meeting's: about one attempt more per matter.
  EXPECT_GT(attempts[1] / settled[1], attempts[0] / settled[0] + 0.8);
}

TEST(Process, BadProcessesAreRefusedWithTheirPath) {
  const json stages = json::parse(R"({"t": {"policy": "tiered"}})");
  auto with = [&](const json& params) { return load_error(kenli_with(params)); };
  EXPECT_EQ(with({{"stages", stages}, {"routes", json::parse(R"([{"when": {"levels": ["compound", "building"]}, "stages": ["t"]}])")}}),
            "bad.json: /policy/params/routes: expected a route for every level, category and severity: none takes category "
            "'dispute' at severity 1 at level 'district' (end with a route without 'when')");
  EXPECT_EQ(with({{"stages", stages},
                  {"routes", json::parse(R"([{"when": {"max_severity": 5}, "stages": ["t"]}])")}}),
            "bad.json: /policy/params/routes: expected a route for every level, category and severity: none takes category "
            "'dispute' at severity 6 at level 'district' (end with a route without 'when')");
  EXPECT_EQ(with({{"stages", stages}, {"routes", json::parse(R"([{"stages": ["x"]}])")}}),
            "bad.json: /policy/params/routes/0/stages/0: expected the name of a stage in /stages (t), got 'x'");
  EXPECT_EQ(with({{"stages", json::parse(R"({"t": {"policy": "tiered"}, "u": {"policy": "whistle"}})")},
                  {"routes", json::parse(R"([{"stages": ["t"]}])")}}),
            "bad.json: /policy/params/stages/u: expected every stage to be used by a route, 'evaluation' or 'sla'; 'u' is not");
  EXPECT_EQ(with({{"stages", json::parse(R"({"t": {"policy": "tiered", "params": {"max_attempts_per_unit": 0}}})")},
                  {"routes", json::parse(R"([{"stages": ["t"]}])")}}),
            "bad.json: /policy/params/stages/t/params/max_attempts_per_unit: expected an integer from 1 to 100000, got 0");
  EXPECT_EQ(with({{"stages", json::parse(R"({"t": {"policy": "process"}})")}, {"routes", json::parse(R"([{"stages": ["t"]}])")}}),
            "bad.json: /policy/params/stages/t/policy: expected a stage policy other than 'process' (a process is not a stage)");
  EXPECT_EQ(with({{"stages", json::parse(R"({"t": {"python": "mine"}})")}, {"routes", json::parse(R"([{"stages": ["t"]}])")}}),
            "bad.json: /policy/params/stages/t/python: expected a Python stage given to the run (govsim.run(..., "
            "stages={'mine': ...})), but none is named 'mine'");
  EXPECT_EQ(with({{"stages", stages}, {"routes", json::parse(R"([{"when": {"consent": "yes"}, "stages": ["t"]}])")}}),
            "bad.json: /policy/params/routes/0/when/consent: expected true or false, got the string \"yes\"");
  EXPECT_EQ(with({{"stages", stages}, {"routes", json::parse(R"([{"stages": ["t"]}])")}, {"evaluation", "e"}}),
            "bad.json: /policy/params/evaluation: expected the name of a stage in /stages (t), got 'e'");
  EXPECT_EQ(with({{"stages", stages}, {"routes", json::array()}}), "bad.json: /policy/params/routes: expected at least one route");
  EXPECT_EQ(with({{"stages", stages}, {"routes", json::parse(R"({"all": {"stages": ["t"]}, "late": {"when": {"levels": ["street"]}, "stages": ["t"]}})")}}),
            "bad.json: /policy/params/routes/late: expected a route that takes some issue, but the routes before it take every "
            "level, category and severity it names (put it before them)");
  EXPECT_EQ(with({{"stages", stages}, {"routes", json::parse(R"([{"when": {"min_severity": 4, "max_severity": 2}, "stages": ["t"]}, {"stages": ["t"]}])")}}),
            "bad.json: /policy/params/routes/0/when/min_severity: expected min_severity at most max_severity (2)");
  // A null member counts as absent: a null stage or route is left out, and what refers to it fails.
  EXPECT_EQ(with({{"stages", json::parse(R"({"t": {"policy": "tiered"}, "u": null})")}, {"routes", json::parse(R"({"a": null, "b": {"stages": ["t"]}})")}}),
            "no error");
  EXPECT_EQ(with({{"stages", json::parse(R"({"t": {"policy": "nosuch"}})")}, {"routes", json::parse(R"([{"stages": ["t"]}])")}})
                .substr(0, 92),
            "bad.json: /policy/params/stages/t/policy: expected a known policy: unknown policy 'nosuch'; ");
}

// tiered's 'roles': one role's turn as a stage. At one unit the steward (who never settles) tries
// once, then the secretary; every issue takes exactly two attempts and is resolved there.
TEST(Process, EachStageCanBeOneRolesTurn) {
  json doc = json::parse(R"({"schema_version": 1, "name": "turns", "start_date": "2024-01-01",
    "levels": ["top", "compound"],
    "org": {"units": [{"name": "top", "children": [{"name": "c", "households": 500}]}]},
    "staff": {"steward": {"level": "compound", "count": 5, "success": 0, "service": {"dist": "deterministic", "value": 1}},
              "secretary": {"level": "compound", "count": 5, "success": 1, "service": {"dist": "deterministic", "value": 2}},
              "office": {"level": "top", "count": 1, "success": 1, "service": {"dist": "deterministic", "value": 1}}},
    "demand": {"categories": {"job": {"rate_per_household_year": 1.0}}},
    "policy": {"name": "process", "params": {
      "stages": {"steward": {"policy": "tiered", "params": {"roles": ["steward"], "max_attempts_per_unit": 1}},
                 "secretary": {"policy": "tiered", "params": {"roles": ["office", "secretary"], "max_attempts_per_unit": 1}},
                 "rest": {"policy": "tiered"}},
      "routes": [{"when": {"levels": ["compound"]}, "stages": ["steward", "secretary"]}, {"stages": ["rest"]}]}},
    "run": {"horizon_days": 200, "warmup_days": 0, "replications": 2, "seed": 1}})");
  const auto r = govsim::test::run(govsim::test::load_study(doc, "t.json"), 2, true);
  std::size_t n = 0;
  for (const auto& rep : r.replications)
    for (const auto& is : rep.issues) {
      if (is.outcome != govsim::model::Outcome::kResolved) continue;
      EXPECT_EQ(is.attempts, 2);
      EXPECT_NEAR(is.closed - is.created, 3.0, 1e-9) << "1 h steward, 2 h secretary";
      EXPECT_EQ(r.unit_names[is.closed_at], "top/c");
      ++n;
    }
  EXPECT_GT(n, 400u);
  EXPECT_GT(r.metric("utilisation.steward@compound").ci.mean, 0.0);
  doc["policy"]["params"]["stages"]["steward"]["params"]["roles"] = json::array({"warden"});
  EXPECT_EQ(load_error(doc), "bad.json: /policy/params/stages/steward/params/roles/0: expected a role defined in /staff, got 'warden'");
  doc["policy"]["params"]["stages"]["steward"]["params"]["roles"] = json::array();
  EXPECT_EQ(load_error(doc), "bad.json: /policy/params/stages/steward/params/roles: expected at least one role name (leave 'roles' "
                             "out for the unit's handler)");
}
