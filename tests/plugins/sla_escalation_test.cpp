// sla_escalation: an issue still waiting when its limit runs out is escalated at that moment,
// counted in the working hours of the SLA calendar.
#include <gtest/gtest.h>

#include "govsim/error.hpp"
#include "test_util.hpp"

using govsim::io::json;

namespace {
// chain4 with one slow grid worker in office hours (everything else waits behind the first issue)
// and plenty of mediators at the community, always free.
json slow_grid(const json& policy) {
  json doc = govsim::io::read_json_file(govsim::test::source_path("scenarios/tests/chain4.json"));
  doc["calendars"] = json::parse(R"({"office": {"weekly": {"mon-fri": [["08:20", "12:00"], ["14:00", "17:30"]]}, "holidays": ["2024-01-03"]}})");
  doc["staff"]["grid_worker"] = json::parse(R"({"level": "grid", "count": 1, "calendar": "office", "success": 1,
      "service": {"dist": "deterministic", "value": 100}})");
  doc["staff"]["mediator"] = json::parse(R"({"level": "community", "count": 50, "success": 1,
      "service": {"dist": "deterministic", "value": 1}})");
  doc["demand"]["categories"]["issue"]["rate_per_household_year"] = 0.05;
  doc["policy"] = policy;
  doc["run"] = json::parse(R"({"horizon_days": 30, "warmup_days": 0, "replications": 2, "seed": 3})");
  return doc;
}
}  // namespace

TEST(SlaEscalation, BreachEscalatesExactlyAtTheLimitInBusinessTime) {
  const auto sc = govsim::test::load_study(
      slow_grid(json::parse(R"({"name": "sla_escalation", "params": {"limits_hours": 7, "calendar": "office"}})")), "sla.json");
  const auto r = govsim::test::run(sc, 2, true);
  const auto& office = sc.calendars.at(1).calendar;
  std::size_t checked = 0;
  for (const auto& rep : r.replications) {
    for (const auto& is : rep.issues) {
      // Issues that waited out their limit at the grid: their first attempt is at the community.
      if (is.escalations != 1 || is.attempts != 1 || is.first_response < 0) continue;
      EXPECT_NEAR(is.first_response, office.add_working_hours(is.discovered, 7.0), 1e-9) << "issue " << is.id;
      ++checked;
    }
    EXPECT_EQ(rep.created_all, rep.resolved_all + rep.closed_all + rep.withdrawn_all + rep.open_all);
  }
  EXPECT_GT(checked, 20u);
}

TEST(SlaEscalation, ShortensWaitsAgainstPlainTieredOnTheSameIssues) {
  const auto tiered = govsim::test::load_study(slow_grid(json::parse(R"({"name": "tiered"})")), "t.json");
  const auto sla = govsim::test::load_study(
      slow_grid(json::parse(R"({"name": "sla_escalation", "params": {"limits_hours": {"default": 7}, "calendar": "office"}})")), "s.json");
  const auto a = govsim::test::run(tiered);
  const auto b = govsim::test::run(sla);
  EXPECT_EQ(a.metric("created").ci.mean, b.metric("created").ci.mean) << "same demand";
  EXPECT_LT(b.metric("ttr_mean_hours").ci.mean, 0.5 * a.metric("ttr_mean_hours").ci.mean);
  EXPECT_GT(b.metric("resolved_at_level.community").ci.mean, a.metric("resolved_at_level.community").ci.mean);
}

// At the top unit there is nobody to escalate to: a breach changes nothing there, so a one-station
// scenario gives exactly tiered's results whatever the limit.
TEST(SlaEscalation, TheTopUnitKeepsItsIssues) {
  const std::vector<std::string> base = {"/org/units/0/households=2000", "/staff/server/success=0.5",
                                         "/run/replications=3", "/policy/name=sla_escalation"};
  auto tiny = base, huge = base;
  tiny.push_back("/policy/params={\"limits_hours\": 0.5}");
  huge.push_back("/policy/params={\"limits_hours\": 1e9}");
  const auto a = govsim::test::run(govsim::test::load("scenarios/tests/mmc.json", tiny));
  const auto b = govsim::test::run(govsim::test::load("scenarios/tests/mmc.json", huge));
  EXPECT_GT(a.metric("closed_unresolved").ci.mean, 0.0);
  for (std::size_t k = 0; k < a.summary.size(); ++k)
    EXPECT_EQ(a.summary[k].ci.mean, b.summary[k].ci.mean) << a.summary[k].name;
}

TEST(SlaEscalation, BadParametersNameTheirPath) {
  auto message = [](const char* policy) {
    try {
      govsim::test::load_study(slow_grid(json::parse(policy)), "s.json");
    } catch (const govsim::ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(R"({"name": "sla_escalation", "params": {"calendar": "night"}})"),
            "s.json: /policy/params/calendar: expected 'always' or a calendar from /calendars, got 'night'");
  EXPECT_EQ(message(R"({"name": "sla_escalation", "params": {"limits_hours": {"repairs": 3}}})"),
            "s.json: /policy/params/limits_hours/repairs: expected 'default' or a category from /demand/categories as key, "
            "got 'repairs'");
  EXPECT_EQ(message(R"({"name": "sla_escalation", "params": {"limits_hours": 0}})"),
            "s.json: /policy/params/limits_hours: expected a number > 0 and at most 1000000000, got 0");
}
