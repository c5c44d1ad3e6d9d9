// whistle: a unit with summons links settles what it cannot alone by joint handling with the
// departments it summons, which ends when every department has reported.
#include <gtest/gtest.h>

#include <fstream>

#include "govsim/error.hpp"
#include "test_util.hpp"

using govsim::io::json;

namespace {
// district (4 department teams, 5 h each) > street > community (summons the district) > grid. Every
// issue has severity 3: beyond the grid (1) and the community (2), within the street (4).
json four_levels(const json& policy, int department_teams = 4) {
  json doc = json::parse(R"({
    "schema_version": 1, "name": "whistle-test", "start_date": "2024-01-01",
    "levels": [{"name": "district", "authority": 5}, {"name": "street", "authority": 4},
               {"name": "community", "authority": 2}, {"name": "grid", "authority": 1}],
    "org": {"units": [{"name": "d", "children": [{"name": "s", "children": [
      {"name": "c", "summons": ["d"], "children": [{"name": "g", "households": 88}]}]}]}]},
    "staff": {
      "department_team": {"level": "district", "count": 3, "success": 1, "service": {"dist": "deterministic", "value": 5}},
      "street_office": {"level": "street", "count": 5, "success": 1, "service": {"dist": "deterministic", "value": 3}},
      "mediator": {"level": "community", "count": 5, "success": 1, "service": {"dist": "deterministic", "value": 1}},
      "grid_worker": {"level": "grid", "count": 5, "success": 1, "service": {"dist": "deterministic", "value": 1}}},
    "demand": {"categories": {"issue": {"rate_per_household_year": 1.0, "severity": [0, 0, 1]}}},
    "run": {"horizon_days": 1000, "warmup_days": 0, "replications": 3, "seed": 5}})");
  doc["staff"]["department_team"]["count"] = department_teams;
  doc["policy"] = policy;
  return doc;
}

const json kWhistle = json::parse(R"({"name": "whistle", "params": {"assess_before_handling": true, "departments": 2}})");

// Share of resolved issues whose time to resolve is exactly `hours` (no queueing), and checks that
// none is faster and all were resolved at level `level`.
double share_exactly(const govsim::model::RunResult& r, double hours, int level) {
  std::size_t n = 0, exact = 0;
  for (const auto& rep : r.replications)
    for (const auto& is : rep.issues) {
      if (is.outcome != govsim::model::Outcome::kResolved) continue;
      ++n;
      EXPECT_EQ(r.unit_levels[is.closed_at], level) << "issue " << is.id;
      EXPECT_GE(is.closed - is.created, hours - 1e-9) << "issue " << is.id;
      exact += std::abs(is.closed - is.created - hours) < 1e-9;
    }
  EXPECT_GT(n, 300u);
  return static_cast<double>(exact) / static_cast<double>(n);
}
}  // namespace

TEST(Whistle, DepartmentsSettleAtTheCommunityInsteadOfTheStreet) {
  const auto tiered = govsim::test::run(govsim::test::load_study(
      four_levels(json::parse(R"({"name": "tiered", "params": {"assess_before_handling": true}})")), "t.json"), 2, true);
  const auto whistle = govsim::test::run(govsim::test::load_study(four_levels(kWhistle), "w.json"), 2, true);
  EXPECT_EQ(tiered.metric("created").ci.mean, whistle.metric("created").ci.mean) << "same demand";
  // tiered: every issue climbs to the street, which settles it in 3 h.
  EXPECT_GT(share_exactly(tiered, 3.0, 1), 0.75);
  EXPECT_GT(tiered.metric("attempts_per_hour.street").ci.mean, 0.009);
  // whistle: two department teams work in parallel for 5 h; the issue is resolved at the community.
  EXPECT_GT(share_exactly(whistle, 5.0, 2), 0.75);
  EXPECT_EQ(whistle.metric("attempts_per_hour.street").ci.mean, 0.0) << "the street is left out";
  for (const auto& rep : whistle.replications) EXPECT_EQ(rep.joint_handlings, rep.resolved + rep.open_at_end);
  EXPECT_EQ(whistle.metric("departments_per_joint_handling").ci.mean, 2.0);
  EXPECT_GT(whistle.metric("utilisation.department_team@district").ci.mean, 0.0);
}

TEST(Whistle, JointHandlingEndsWhenTheLastDepartmentReports) {
  // Four parts on three teams: the fourth waits for the first team to finish, so 10 h, not 5.
  json four = kWhistle;
  four["params"]["departments"] = 4;
  const auto r = govsim::test::run(govsim::test::load_study(four_levels(four, 3), "w.json"), 2, true);
  EXPECT_GT(share_exactly(r, 10.0, 2), 0.75);
  EXPECT_EQ(r.metric("departments_per_joint_handling").ci.mean, 4.0);
  // Enough teams: all four parts run at once.
  const auto wide = govsim::test::run(govsim::test::load_study(four_levels(four, 8), "w.json"), 2, true);
  EXPECT_GT(share_exactly(wide, 5.0, 2), 0.75);
}

TEST(Whistle, WhatTheDepartmentsCannotSettleClimbs) {
  json doc = four_levels(kWhistle);
  doc["org"]["units"][0]["authority"] = 2;  // the summoned district cannot settle severity 3 either
  const auto r = govsim::test::run(govsim::test::load_study(doc, "w.json"), 2, true);
  EXPECT_GT(share_exactly(r, 5.0 + 3.0, 1), 0.75) << "a failed joint handling, then the street";
  for (const auto& rep : r.replications) {
    EXPECT_EQ(rep.joint_handlings, rep.created) << "each issue had its one joint handling";
    EXPECT_EQ(rep.resolved + rep.open_at_end, rep.created);
  }
}

TEST(Whistle, ClearErrors) {
  auto message = [](const json& doc) {
    try {
      govsim::test::run(govsim::test::load_study(doc, "w.json"));
    } catch (const govsim::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  json bad = kWhistle;
  bad["params"]["departments"] = 0;
  EXPECT_EQ(message(four_levels(bad)), "w.json: /policy/params/departments: expected an integer from 1 to 1000, got 0");
  bad = kWhistle;
  bad["params"]["levels"] = json::array({"village"});
  EXPECT_EQ(message(four_levels(bad)), "w.json: /policy/params/levels/0: expected one of the levels listed in /levels, got 'village'");
  json doc = four_levels(kWhistle);
  doc["org"]["units"][0]["children"][0]["children"][0]["summons"] = json::array({"d/nowhere"});
  EXPECT_EQ(message(doc), "w.json: /org/units/0/children/0/children/0/summons/0: expected the path of a unit to summon "
                          "(e.g. \"district/street-1\", or \"../x\" for a sibling), got 'd/nowhere'");
}

TEST(Whistle, AQuorumClosesTheJointHandlingAtTheKthReport) {
  // Four parts on three teams of 5 h: all four report at 10 h; with a quorum of 3, the joint
  // handling ends at the third report, 5 h, while the fourth part still takes its team's time.
  json four = kWhistle;
  four["params"]["departments"] = 4;
  four["params"]["quorum"] = 3;
  const auto r = govsim::test::run(govsim::test::load_study(four_levels(four, 3), "w.json"), 2, true);
  EXPECT_GT(share_exactly(r, 5.0, 2), 0.75);
  four["params"]["quorum"] = 4;
  const auto all = govsim::test::run(govsim::test::load_study(four_levels(four, 3), "w.json"), 2, true);
  EXPECT_GT(share_exactly(all, 10.0, 2), 0.75);
  EXPECT_NEAR(r.metric("utilisation.department_team@district").ci.mean, all.metric("utilisation.department_team@district").ci.mean,
              0.002)
      << "the departments do every part either way";
  for (const auto& rep : r.replications) EXPECT_EQ(rep.created_all, rep.resolved_all + rep.closed_all + rep.withdrawn_all + rep.open_all);
  // A quorum above the departments summoned is refused.
  four["params"]["quorum"] = 5;
  EXPECT_EQ(govsim::test::load_error(four_levels(four, 3), "w.json"),
            "w.json: /policy/params/quorum: expected a quorum of at most the departments summoned (4 for "
            "category 'issue'), got 5");
}

// Jurisdiction: each department is a unit owning categories; a joint handling's parts go to the
// linked units that own the issue's category (general units, without 'owns', only when none does).
TEST(Whistle, JurisdictionSendsEachCategoryToItsOwners) {
  auto doc = [](double repair, double noise) {
    json d;
    std::ifstream in(govsim::test::source_path("scenarios/tests/jurisdiction.json"));
    in >> d;
    d["demand"]["categories"]["repair"]["rate_per_household_year"] = repair;
    d["demand"]["categories"]["noise"]["rate_per_household_year"] = noise;
    return d;
  };
  auto util = [](const govsim::model::RunResult& r, const char* team) {
    return r.metric(std::string("utilisation.") + team + "@street").ci.mean;
  };
  const auto repairs = govsim::test::run(govsim::test::load_study(doc(1.0, 0.0), "j.json"));
  EXPECT_GT(util(repairs, "housing_team"), 0.02);
  EXPECT_EQ(util(repairs, "environment_team"), 0.0) << "noise's owner does no repair";
  const auto noise = govsim::test::run(govsim::test::load_study(doc(0.0, 1.0), "j.json"));
  EXPECT_EQ(util(noise, "housing_team"), 0.0);
  EXPECT_GT(util(noise, "environment_team"), 0.02);
  // Without jurisdiction every linked unit takes part.
  json general = doc(1.0, 0.0);
  for (auto& u : general["org"]["units"][0]["children"]) u.erase("owns");
  const auto all = govsim::test::run(govsim::test::load_study(general, "j.json"));
  EXPECT_GT(util(all, "environment_team"), 0.005);
  // A category that no summoned unit takes is refused on load.
  json gap = doc(1.0, 1.0);
  gap["org"]["units"][0]["children"][1]["owns"] = json::array({"repair"});
  EXPECT_EQ(govsim::test::load_error(gap, "j.json"),
            "j.json: /org/units/0/children/2/children/0/summons/0: expected the units summoned from 'd/s/c' to "
            "take every category: none owns 'noise' and none is general (without 'owns')");
  gap["org"]["units"][0]["children"][1]["owns"] = json::array({"rubbish"});
  EXPECT_EQ(govsim::test::load_error(gap, "j.json"),
            "j.json: /org/units/0/children/1/owns/0: expected a category from /demand/categories, got 'rubbish'");
}

// A matter spanning several departments' jurisdictions: one office settles it only by winning the
// others over (staff_success), the departments acting together do as each does. So the whistle
// helps where matters span departments and only adds steps where they do not.
TEST(Whistle, MattersSpanningDepartmentsNeedTheJointHandling) {
  std::ifstream in(govsim::test::source_path("scenarios/tests/jurisdiction.json"));
  json doc;
  in >> doc;
  doc["demand"]["categories"]["noise"]["rate_per_household_year"] = 0.0;
  doc["demand"]["categories"]["repair"]["jurisdictions"] = json::parse(R"({"count": 2, "staff_success": 0.5})");
  doc["policy"] = json::parse(R"({"name": "tiered", "params": {"assess_before_handling": true, "max_attempts_per_unit": 1}})");
  const auto alone = govsim::test::run(govsim::test::load_study(doc, "j.json"));
  // The street office (success 1) settles half; the rest climb to the district, which has no staff.
  EXPECT_NEAR(alone.metric("resolved").ci.mean / alone.metric("created").ci.mean, 0.5, 0.05);
  EXPECT_NEAR(alone.metric("resolved_at_level.street").ci.mean, alone.metric("resolved").ci.mean, 1e-9);
  doc["policy"]["name"] = "whistle";
  const auto joint = govsim::test::run(govsim::test::load_study(doc, "j.json"));
  EXPECT_EQ(joint.metric("closed_unresolved").ci.mean, 0.0) << "the departments together settle every one";
  EXPECT_GT(joint.metric("resolution_rate").ci.mean, 0.99);  // the rest still open at the horizon
  // Without the span, the office alone settles every one too: the whistle buys nothing.
  doc["demand"]["categories"]["repair"].erase("jurisdictions");
  doc["policy"]["name"] = "tiered";
  EXPECT_EQ(govsim::test::run(govsim::test::load_study(doc, "j.json")).metric("closed_unresolved").ci.mean, 0.0);
}
