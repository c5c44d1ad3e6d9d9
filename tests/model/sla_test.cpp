// Scenario SLA clocks: a warning at a share of the limit, then the breach, in business time; SLA
// compliance; the policy hears both events and may remind (expedite) or move the issue.
#include <gtest/gtest.h>

#include <map>

#include "govsim/error.hpp"
#include "govsim/model/engine.hpp"
#include "govsim/plugin/registry.hpp"
#include "test_util.hpp"

using govsim::io::json;
using govsim::plugin::Action;

namespace {
// One station with one clerk in office hours (08:20 openings, a holiday), 3 h per job: queues form.
json office_station(double rate) {
  json doc = json::parse(R"({
    "schema_version": 1, "name": "sla-test", "start_date": "2024-01-01",
    "levels": ["station"],
    "calendars": {"office": {"weekly": {"mon-fri": [["08:20", "12:00"], ["14:00", "17:30"]]}, "holidays": ["2024-01-03"]}},
    "org": {"units": [{"name": "station", "households": 1000}]},
    "staff": {"clerk": {"level": "station", "count": 1, "calendar": "office", "success": 1,
                        "service": {"dist": "deterministic", "value": 3}}},
    "demand": {"categories": {"job": {"rate_per_household_year": 1}}},
    "sla": {"limits_hours": 7, "calendar": "office", "warning_fraction": 0.5},
    "policy": {"name": "tiered"},
    "run": {"horizon_days": 120, "warmup_days": 0, "replications": 2, "seed": 9}})");
  doc["demand"]["categories"]["job"]["rate_per_household_year"] = rate;
  return doc;
}

// Handles everything at its unit and records when each SLA event came.
class Recorder : public govsim::plugin::Policy {
 public:
  std::vector<std::tuple<std::uint64_t, govsim::plugin::SlaEvent, double, double>> events;  // id, event, now, discovered
  Action on_issue_arrived(const govsim::plugin::IssueView& is, const govsim::plugin::Context& ctx) override {
    return Action::handle(ctx.handler_role(is.unit, is.category));
  }
  Action on_attempt_finished(const govsim::plugin::IssueView&, const govsim::plugin::AttemptResult& r,
                             const govsim::plugin::Context&) override {
    return r.success ? Action::resolve() : Action::close();
  }
  Action on_sla_event(const govsim::plugin::IssueView& is, govsim::plugin::SlaEvent e,
                      const govsim::plugin::Context& ctx) override {
    events.emplace_back(is.id, e, ctx.now(), is.discovered);
    return Action::keep();
  }
};
}  // namespace

TEST(Sla, WarningAndBreachComeExactlyOnTimeInBusinessTime) {
  const auto sc = govsim::io::load_scenario(office_station(0.5), "sla.json");
  const auto& office = sc.calendars.at(1).calendar;
  Recorder policy;
  govsim::model::EngineOptions opt;
  opt.record_issues = true;
  const auto r = govsim::model::run_replication(sc, policy, 0, opt);
  std::size_t warnings = 0, breaches = 0;
  for (const auto& [id, e, now, discovered] : policy.events) {
    const bool warning = e == govsim::plugin::SlaEvent::kWarning;
    EXPECT_NEAR(now, office.add_working_hours(discovered, warning ? 3.5 : 7.0), 1e-9) << "issue " << id;
    (warning ? warnings : breaches)++;
  }
  EXPECT_EQ(warnings, r.sla_warnings);
  EXPECT_EQ(breaches, r.sla_breaches);
  // Compliance and the counts follow from each issue's times.
  std::uint64_t met = 0, late_warn = 0, late = 0;
  for (const auto& is : r.issues) {
    const double warn = office.add_working_hours(is.discovered, 3.5), due = office.add_working_hours(is.discovered, 7.0);
    const bool open = is.outcome == govsim::model::Outcome::kOpen;
    if (is.outcome == govsim::model::Outcome::kResolved && is.closed <= due) ++met;
    if ((open && warn <= sc.horizon_hours()) || (!open && is.closed > warn)) ++late_warn;
    if ((open && due <= sc.horizon_hours()) || (!open && is.closed > due)) ++late;
  }
  EXPECT_EQ(r.sla_met, met);
  EXPECT_EQ(r.sla_warnings, late_warn);
  EXPECT_EQ(r.sla_breaches, late);
  EXPECT_GT(late, 10u);
  EXPECT_GT(met, 50u);
}

TEST(Sla, ComplianceIsReportedOnlyWithAnSlaBlock) {
  const auto with = govsim::test::run(govsim::io::load_scenario(office_station(0.5), "sla.json"));
  EXPECT_GT(with.metric("sla_compliance").ci.mean, 0.1);
  EXPECT_LT(with.metric("sla_compliance").ci.mean, 1.0);
  json doc = office_station(0.5);
  doc.erase("sla");
  const auto without = govsim::test::run(govsim::io::load_scenario(doc, "sla.json"));
  for (const auto& m : without.summary) EXPECT_EQ(m.name.rfind("sla_", 0), std::string::npos) << m.name;
  EXPECT_EQ(with.metric("ttr_mean_hours").ci.mean, without.metric("ttr_mean_hours").ci.mean) << "measuring changes nothing";
}

TEST(Sla, RemindersMoveWaitingIssuesToTheFront) {
  // sla_escalation with a reminder at half the limit on a single station (no unit above): the
  // reminded issue jumps the queue, so the order of service is no longer first come, first served,
  // but every issue is still served and the breach never moves an issue from the top unit.
  json doc = office_station(0.5);
  doc.erase("sla");
  doc["policy"] = json::parse(R"({"name": "sla_escalation", "params": {"limits_hours": 7, "calendar": "office", "remind_at": 0.5}})");
  const auto reminded = govsim::test::run(govsim::io::load_scenario(doc, "s.json"), 2, true);
  doc["policy"]["params"].erase("remind_at");
  const auto plain = govsim::test::run(govsim::io::load_scenario(doc, "s.json"), 2, true);
  EXPECT_GT(reminded.metric("expedited").ci.mean, 10.0);
  EXPECT_EQ(plain.metric("expedited").ci.mean, 0.0);
  EXPECT_EQ(reminded.metric("resolved").ci.mean, plain.metric("resolved").ci.mean);
  // FIFO without reminders: first responses follow creation; with them, some later issue is served earlier.
  auto out_of_order = [](const govsim::model::RunResult& r) {
    std::size_t n = 0;
    for (const auto& rep : r.replications)
      for (std::size_t i = 1; i < rep.issues.size(); ++i)
        n += rep.issues[i].first_response >= 0 && rep.issues[i - 1].first_response > rep.issues[i].first_response;
    return n;
  };
  EXPECT_EQ(out_of_order(plain), 0u);
  EXPECT_GT(out_of_order(reminded), 0u);
}

TEST(Sla, BadSlaBlocksAreClearErrors) {
  auto message = [](const json& sla) {
    json doc = office_station(0.5);
    doc["sla"] = sla;
    try {
      govsim::io::load_scenario(doc, "sla.json");
    } catch (const govsim::ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(json::parse(R"({"limits_hours": {"repairs": 3}})")),
            "sla.json: /sla/limits_hours/repairs: expected 'default' or a category from /demand/categories, got 'repairs'");
  EXPECT_EQ(message(json::parse(R"({"limits_hours": 3, "warning_fraction": 1})")),
            "sla.json: /sla/warning_fraction: expected a share of the limit below 1 (0 for no warnings), got 1");
  EXPECT_EQ(message(json::parse(R"({"limits_hours": 3, "calendar": "night"})")),
            "sla.json: /sla/calendar: expected 'always' or a calendar from /calendars, got 'night'");
}
