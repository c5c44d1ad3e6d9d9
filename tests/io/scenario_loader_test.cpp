#include "govsim/io/scenario_loader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "govsim/error.hpp"
#include "test_util.hpp"

using govsim::ConfigError;
using govsim::io::json;
using govsim::test::source_path;

namespace {

json base() { return govsim::io::read_json_file(source_path("scenarios/tests/mmc.json")); }

std::string error_of(const json& doc) {
  try {
    govsim::test::load_study(doc, "bad.json");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

// A weekly meeting type "m" at the base scenario's station, with `extra` members.
json meeting_with(const std::string& extra) {
  return json::parse(R"({"m": {"level": "station", "schedule": {"weekly": {"weekday": "mon", "time": "09:00"}}, )" + extra + "}}");
}

struct BrokenCase {
  const char* what;
  std::function<void(json&)> edit;
  const char* message;
};

}  // namespace

TEST(ScenarioLoader, ShippedScenariosLoad) {
  for (const char* f : {"scenarios/kenli.json", "scenarios/tests/mmc.json", "scenarios/tests/chain4.json"}) {
    EXPECT_NO_THROW(govsim::test::load(f)) << f;
  }
}

TEST(ScenarioLoader, KenliStructureMatchesTheFieldNotes) {
  const auto sc = govsim::test::load("scenarios/kenli.json");
  EXPECT_EQ(sc.org.total_households(), 58905u);
  std::map<std::string, std::uint64_t> staff;
  std::map<int, int> units_per_level;
  for (govsim::graph::UnitId u = 0; u < sc.org.size(); ++u) {
    ++units_per_level[sc.org.unit(u).level];
    for (const auto& [role, n] : sc.org.unit(u).staff) staff[sc.roles[role].name] += n;
  }
  EXPECT_EQ(units_per_level[1], 18) << "departments";
  EXPECT_EQ(units_per_level[3], 25) << "communities";
  EXPECT_EQ(units_per_level[4], 187) << "grids";
  EXPECT_EQ(staff["grid_worker"], 187u) << "1 per 300 households, rounded per grid";
  EXPECT_EQ(staff["mediator"], 374u) << "2 per 300 households";
  EXPECT_EQ(staff["department_team"], 18u);
}

TEST(ScenarioLoader, BrokenScenariosGiveExactErrors) {
  const BrokenCase cases[] = {
      {"negative households", [](json& j) { j["org"]["units"][0]["households"] = -5; },
       "bad.json: /org/units/0/households: expected an integer from 0 to 1000000000, got -5"},
      {"schema version", [](json& j) { j["schema_version"] = 2; },
       "bad.json: /schema_version: expected schema_version 1, got 2"},
      {"typo in a key", [](json& j) { j["polcy"] = 1; },
       "bad.json: /polcy: unknown key 'polcy'; expected one of: schema_version, name, description, sources, "
       "start_date, levels, grassroots_level, calendars, org, staff, demand, evaluation, meetings, sla, policy, run"},
      {"impossible date", [](json& j) { j["start_date"] = "2024-02-30"; },
       "bad.json: /start_date: expected a date \"YYYY-MM-DD\", got \"2024-02-30\""},
      {"unknown distribution", [](json& j) { j["staff"]["server"]["service"]["dist"] = "weibull"; },
       "bad.json: /staff/server/service/dist: expected one of exponential, lognormal, gamma, deterministic, "
       "uniform, empirical; got 'weibull'"},
      {"bad distribution parameter", [](json& j) { j["staff"]["server"]["service"]["mean"] = -1; },
       "bad.json: /staff/server/service: expected 'mean' > 0 for an exponential distribution"},
      {"unknown policy", [](json& j) { j["policy"]["name"] = "fancy"; },
       "bad.json: /policy/name: expected a known policy: unknown policy 'fancy'; known policies: closed_loop, deliberation_day, major_decision, process, referral, sla_escalation, tiered, volunteer_dispatch, whistle"},
      {"bad policy parameter", [](json& j) { j["policy"]["params"] = {{"max_attempts_per_unit", 0}}; },
       "bad.json: /policy/params/max_attempts_per_unit: expected an integer from 1 to 100000, got 0"},
      {"unknown level in policy parameter", [](json& j) { j["policy"]["params"] = {{"retry_probability", {{"moon", 0.5}}}}; },
       "bad.json: /policy/params/retry_probability/moon: expected a level name from /levels as key, got 'moon'"},
      {"severity does not sum to 1", [](json& j) { j["demand"]["categories"]["job"]["severity"] = {0.5, 0.4}; },
       "bad.json: /demand/categories/job/severity: expected severity probabilities that sum to 1, got a sum of 0.9"},
      {"unknown level", [](json& j) { j["org"]["units"][0]["level"] = "galaxy"; },
       "bad.json: /org/units/0/level: expected one of the levels listed in /levels, got 'galaxy'"},
      {"unknown calendar", [](json& j) { j["staff"]["server"]["calendar"] = "night"; },
       "bad.json: /staff/server/calendar: expected 'always' or a calendar from /calendars, got 'night'"},
      {"unknown role on a unit", [](json& j) { j["org"]["units"][0]["staff"] = {{"wizard", 1}}; },
       "bad.json: /org/units/0/staff/wizard: expected a role defined in /staff, got 'wizard'"},
      {"warm-up longer than horizon", [](json& j) { j["run"]["warmup_days"] = 500; },
       "bad.json: /run/warmup_days: expected warmup_days < horizon_days"},
      {"missing section", [](json& j) { j.erase("demand"); }, "bad.json: /: expected a member 'demand'"},
      {"bad clock time", [](json& j) { j["calendars"] = json::parse(R"({"office": {"weekly": {"mon-fri": [["08:00", "25:00"]]}}})"); },
       "bad.json: /calendars/office/weekly/mon-fri/0/1: expected a time of day \"HH:MM\", got \"25:00\""},
      {"two top units", [](json& j) { j["org"]["units"].push_back({{"name", "other"}, {"households", 1}}); },
       "bad.json: /org/units: expected a single top unit; both 'station' and 'other' have no reports_to parent"},
      {"a child below the lowest level",
       [](json& j) { j["org"]["units"][0]["children"] = json::array({{{"name", "leaf"}, {"households", 1}}}); },
       "bad.json: /org/units/0/children/0: expected a level below the parent's, but the parent is at the lowest level"},
      {"households above the leaves", [](json& j) {
         j["levels"] = {"station", "desk"};
         j["org"]["units"][0]["children"] = json::array({{{"name", "desk"}, {"households", 1}}});
       }, "bad.json: /org/units: expected households only on units without children; 'station' has both"},
      {"discovery shares", [](json& j) {
         j["demand"]["categories"]["job"]["discovery"] = {{{"channel", "a"}, {"share", 0.5}}};
       }, "bad.json: /demand/categories/job/discovery: expected discovery shares that sum to 1, got a sum of 0.5"},
      {"reserved category name", [](json& j) {
         j["demand"]["categories"] = {{"default", j["demand"]["categories"]["job"]}};
       }, "bad.json: /demand/categories/default: expected a category name other than '', 'default', 'dist' or '*' "
          "(they have meanings in per-category maps)"},
      {"too many severities", [](json& j) {
         j["demand"]["categories"]["job"]["severity"] = json::array();
         for (int i = 0; i < 251; ++i) j["demand"]["categories"]["job"]["severity"].push_back(i == 0 ? 1.0 : 0.0);
       }, "bad.json: /demand/categories/job/severity: expected an array of 1 to 250 severity probabilities"},
      {"staff count beyond reason", [](json& j) {
         j["staff"]["server"] = json::parse(R"({"level": "station", "per_households": 0.001, "service": {"dist": "exponential", "mean": 1}})");
       }, "bad.json: /staff/server/per_households: expected at most 1000000 staff per unit; 'station' would get 8760000"},
      {"arrival rate beyond reason", [](json& j) { j["demand"]["categories"]["job"]["rate_per_household_year"] = 1e306; },
       "bad.json: /demand/categories/job/rate_per_household_year: expected at most 10 million issues an hour at the peak; "
       "with 8760 households, its profile and surges this rate gives inf"},
      {"too many samples", [](json& j) { j["run"]["sample_interval_hours"] = 0.01; j["run"]["horizon_days"] = 365000; },
       "bad.json: /run: expected at most a million backlog samples (horizon_days * 24 / sample_interval_hours); raise "
       "sample_interval_hours"},
      {"too many units", [](json& j) {
         j["levels"] = {"top", "mid", "leaf"};
         j["org"]["units"][0]["children"] = json::parse(R"([{"name": "m", "repeat": 10000000, "children": [{"name": "l", "repeat": 10000000, "households": 1}]}])");
         j["org"]["units"][0].erase("households");
         j["staff"]["server"]["level"] = "leaf";
       }, "bad.json: /org/units: expected at most 50000000 units in all; the repeat blocks make 100000010000001"},
      {"seed of the wrong type", [](json& j) { j["run"]["seed"] = "abc"; },
       "bad.json: /run/seed: expected an integer seed from 0 to 18446744073709551615, got \"abc\""},
      {"link to an unknown unit", [](json& j) { j["org"]["links"] = {{{"from", "station"}, {"to", "mars"}, {"kind", "summons"}}}; },
       "bad.json: /org/links/0/to: expected the path of a unit (e.g. \"district/street-1\"), got \"mars\""},
      // Duties, and the discovery that visits, patrols and couriers do.
      {"unknown duty", [](json& j) { j["staff"]["server"]["duties"] = {{"gardening", 1}}; },
       "bad.json: /staff/server/duties/gardening: unknown key 'gardening'; expected one of: visits, patrol_hours_per_week, "
       "sittings, report_minutes_per_attempt, report_minutes_per_visit, sharing, urgent_severity, description"},
      {"visits without their interval", [](json& j) { j["staff"]["server"]["duties"] = json::parse(R"({"visits": {"minutes": 20}})"); },
       "bad.json: /staff/server/duties/visits: expected a member 'every_days'"},
      {"visits of no time", [](json& j) { j["staff"]["server"]["duties"] = json::parse(R"({"visits": {"every_days": 30, "minutes": 0}})"); },
       "bad.json: /staff/server/duties/visits/minutes: expected a number from 0.1 to 1440, got 0"},
      {"absent share above one", [](json& j) {
         j["staff"]["server"]["duties"] = json::parse(R"({"visits": {"every_days": 30, "minutes": 20, "absent_share": 1.5}})");
       }, "bad.json: /staff/server/duties/visits/absent_share: expected a number from 0 to 1, got 1.5"},
      {"unknown sharing rule", [](json& j) { j["staff"]["server"]["duties"] = {{"sharing", "whatever"}}; },
       "bad.json: /staff/server/duties/sharing: expected duties_first or issues_first, got 'whatever'"},
      {"urgent severity with issues first", [](json& j) {
         j["staff"]["server"]["duties"] = {{"sharing", "issues_first"}, {"urgent_severity", 1}};
       }, "bad.json: /staff/server/duties/urgent_severity: expected urgent_severity only with sharing duties_first (under "
          "issues_first every issue goes first)"},
      {"sitting on no weekday", [](json& j) {
         j["staff"]["server"]["duties"] = json::parse(R"({"sittings": {"reception": {"schedule": {"weekly": {"weekday": "caturday", "time": "09:00"}}, "hours": 3}}})");
       }, "bad.json: /staff/server/duties/sittings/reception/schedule/weekly/weekday: expected a weekday (mon … sun), got 'caturday'"},
      {"negative wage", [](json& j) { j["staff"]["server"]["wage_per_year"] = -1; },
       "bad.json: /staff/server/wage_per_year: expected a number from 0 to 1000000000, got -1"},
      {"unknown finder", [](json& j) {
         j["demand"]["categories"]["job"]["discovery"] = json::parse(R"([{"channel": "a", "share": 1, "found_by": "drones"}])");
       }, "bad.json: /demand/categories/job/discovery/0/found_by: expected one of residents, visits, patrol, couriers, reception, got 'drones'"},
      {"visits without a role", [](json& j) {
         j["demand"]["categories"]["job"]["discovery"] = json::parse(R"([{"channel": "a", "share": 1, "found_by": "visits"}])");
       }, "bad.json: /demand/categories/job/discovery/0: expected 'role': the role whose visits find these issues"},
      {"visits by an unknown role", [](json& j) {
         j["demand"]["categories"]["job"]["discovery"] = json::parse(R"([{"channel": "a", "share": 1, "found_by": "visits", "role": "wizard"}])");
       }, "bad.json: /demand/categories/job/discovery/0/role: expected a role defined in /staff, got 'wizard'"},
      {"visits by a role that does not visit", [](json& j) {
         j["demand"]["categories"]["job"]["discovery"] = json::parse(R"([{"channel": "a", "share": 1, "found_by": "visits", "role": "server"}])");
       }, "bad.json: /demand/categories/job/discovery/0/role: expected a role with visits among its duties (/staff/server/duties/visits)"},
      {"patrol by a role that does not patrol", [](json& j) {
         j["staff"]["server"]["duties"] = json::parse(R"({"visits": {"every_days": 30, "minutes": 20}})");
         j["demand"]["categories"]["job"]["discovery"] = json::parse(R"([{"channel": "a", "share": 1, "found_by": "patrol", "role": "server"}])");
       }, "bad.json: /demand/categories/job/discovery/0/role: expected a role that patrols (/staff/server/duties/patrol_hours_per_week > 0)"},
      {"couriers without a head count", [](json& j) {
         j["demand"]["categories"]["job"]["discovery"] = json::parse(R"([{"channel": "a", "share": 1, "found_by": "couriers",
             "households_each": 100, "courier_delay": {"dist": "exponential", "mean": 24}}])");
       }, "bad.json: /demand/categories/job/discovery/0: expected 'couriers' for issues found by couriers"},
      {"pooled at an unknown level", [](json& j) { j["staff"]["server"]["pooled_at"] = "galaxy"; },
       "bad.json: /staff/server/pooled_at: expected one of the levels listed in /levels, got 'galaxy'"},
      {"pooled below the role's level", [](json& j) {
         j["levels"] = {"station", "desk"};
         j["org"]["units"][0]["children"] = json::array({{{"name", "desk"}, {"households", 1}}});
         j["org"]["units"][0].erase("households");
         j["staff"]["server"]["pooled_at"] = "desk";
       }, "bad.json: /staff/server/pooled_at: expected a level at or above the role's level 'station', got 'desk'"},
      {"reception without a reception day", [](json& j) {
         j["staff"]["server"]["duties"] = json::parse(R"({"sittings": {"desk": {"schedule": {"weekly": {"weekday": "sat", "time": "09:00"}}, "hours": 3}}})");
         j["demand"]["categories"]["job"]["discovery"] = json::parse(R"([{"channel": "a", "share": 1, "found_by": "reception", "role": "server"}])");
       }, "bad.json: /demand/categories/job/discovery/0/role: expected a role that holds reception days (a sitting with \"receives\": true "
          "in /staff/server/duties/sittings)"},
      {"a reception day that is not a yes or no", [](json& j) {
         j["staff"]["server"]["duties"] = json::parse(R"({"sittings": {"desk": {"schedule": {"weekly": {"weekday": "sat", "time": "09:00"}}, "hours": 3, "receives": 1}}})");
       }, "bad.json: /staff/server/duties/sittings/desk/receives: expected true or false, got the number 1"},
      {"reception without whose", [](json& j) {
         j["demand"]["categories"]["job"]["discovery"] = json::parse(R"([{"channel": "a", "share": 1, "found_by": "reception"}])");
       }, "bad.json: /demand/categories/job/discovery/0: expected 'role': the role whose reception days find these issues"},
      {"issues no one would find", [](json& j) {
         j["staff"]["server"]["duties"] = json::parse(R"({"patrol_hours_per_week": 5})");
         j["org"]["units"][0]["staff"] = {{"server", 0}};
         j["staff"]["helper"] = json::parse(R"({"level": "station", "count": 1, "service": {"dist": "deterministic", "value": 1}})");
         j["demand"]["categories"]["job"]["discovery"] = json::parse(R"([{"channel": "a", "share": 1, "found_by": "patrol", "role": "server"}])");
       }, "bad.json: /demand/categories/job/discovery/0/role: expected staff of role 'server' at or above every unit where issues "
          "arise, or a 'delay' for the residents' own report; 'station' has none, so its issues would never be found"},
      {"a matter of one party", [](json& j) {
         j["demand"]["categories"]["job"]["consent"] = json::parse(R"({"parties": 1})");
       }, "bad.json: /demand/categories/job/consent/parties: expected an integer from 2 to 1000, got 1"},
      {"an unheard party beyond the scale", [](json& j) {
         j["evaluation"] = json::parse(R"({"per_unheard": -2})");
       }, "bad.json: /evaluation/per_unheard: expected a number from -1 to 1, got -2"},
      {"a meeting surer than certain", [](json& j) {
         j["demand"]["categories"]["job"]["consent"] = json::parse(R"({"parties": 3, "meeting_success": -0.1})");
       }, "bad.json: /demand/categories/job/consent/meeting_success: expected a number from 0 to 1, got -0.1"},
      {"consent surer than certain", [](json& j) {
         j["demand"]["categories"]["job"]["consent"] = json::parse(R"({"parties": 3, "staff_success": 1.5})");
       }, "bad.json: /demand/categories/job/consent/staff_success: expected a number from 0 to 1, got 1.5"},
      {"festering past the category's severities", [](json& j) {
         j["demand"]["categories"]["job"]["festering"] = json::parse(R"({"every_days": 30, "max_severity": 2})");
       }, "bad.json: /demand/categories/job/festering/max_severity: expected an integer from 1 to 1, got 2"},
      {"festering at once", [](json& j) {
         j["demand"]["categories"]["job"]["festering"] = json::parse(R"({"every_days": 0, "max_severity": 1})");
       }, "bad.json: /demand/categories/job/festering/every_days: expected a number from 0.01 to 3650, got 0"},
      {"reopened more than always", [](json& j) {
         j["demand"]["categories"]["job"]["reopen"] = json::parse(R"({"share": 1.5})");
       }, "bad.json: /demand/categories/job/reopen/share: expected a number from 0 to 1, got 1.5"},
      {"reopened with no window", [](json& j) {
         j["demand"]["categories"]["job"]["reopen"] = json::parse(R"({"share": 0.1, "within_days": 0})");
       }, "bad.json: /demand/categories/job/reopen/within_days: expected a number from 0.001 to 3650, got 0"},
      {"reopened never", [](json& j) {
         j["demand"]["categories"]["job"]["reopen"] = json::parse(R"({"share": 0.1, "max": 0})");
       }, "bad.json: /demand/categories/job/reopen/max: expected an integer from 1 to 1000, got 0"},
      {"reopen without its share", [](json& j) {
         j["demand"]["categories"]["job"]["reopen"] = json::parse(R"({"within_days": 3})");
       }, "bad.json: /demand/categories/job/reopen: expected a member 'share'"},
      {"a matter spanning no department", [](json& j) {
         j["demand"]["categories"]["job"]["jurisdictions"] = json::parse(R"({"count": 0})");
       }, "bad.json: /demand/categories/job/jurisdictions/count: expected an integer from 1 to 1000, got 0"},
      {"a span's success above 1", [](json& j) {
         j["demand"]["categories"]["job"]["jurisdictions"] = json::parse(R"({"count": 2, "staff_success": 2})");
       }, "bad.json: /demand/categories/job/jurisdictions/staff_success: expected a number from 0 to 1, got 2"},
      {"a unit owning nothing", [](json& j) { j["org"]["units"][0]["owns"] = json::array(); },
       "bad.json: /org/units/0/owns: expected a non-empty array of category names (leave 'owns' out for a general unit)"},
      {"grids with nothing to draw them in", [](json& j) { j["staff"]["server"]["grid_households"] = 300; },
       "bad.json: /staff/server/grid_households: expected 'grid_households' with 'pooled_at' naming a level above 'station' "
       "(grids are drawn within each of its units)"},
      {"grids of no households", [](json& j) {
         j["levels"] = {"hub", "station"};
         j["org"]["units"][0] = json::parse(R"({"name": "hub", "level": "hub", "children": [{"name": "s", "households": 5}]})");
         j["staff"]["server"]["pooled_at"] = "hub";
         j["staff"]["server"]["grid_households"] = 0;
       }, "bad.json: /staff/server/grid_households: expected a number from 1 to 1000000000, got 0"},
      {"visits beyond counting", [](json& j) {
         j["org"]["units"][0]["households"] = 1000000000;
         j["staff"]["server"]["duties"] = json::parse(R"({"visits": {"every_days": 0.05, "minutes": 1}})");
       }, "bad.json: /staff/server/duties/visits/every_days: expected at most a trillion visits a year per pool; 'station' "
          "would owe 7.3e+12"},
      // Meetings that take people's time.
      {"an unknown participant", [](json& j) { j["meetings"] = meeting_with(R"("participants": {"wizard": 1})"); },
       "bad.json: /meetings/m/participants/wizard: expected a role listed in /staff, got 'wizard'"},
      {"no seats", [](json& j) { j["meetings"] = meeting_with(R"("participants": {"server": 0})"); },
       "bad.json: /meetings/m/participants/server: expected an integer from 1 to 1000000, got 0"},
      {"no participants", [](json& j) { j["meetings"] = meeting_with(R"("participants": {})"); }, "bad.json: /meetings/m/participants: expected at least one participant role (or no 'participants')"},
      {"a quorum above one", [](json& j) { j["meetings"] = meeting_with(R"("participants": {"server": 1}, "quorum": 1.5)"); }, "bad.json: /meetings/m/quorum: expected a number from 0 to 1, got 1.5"},
      {"preparation with no one to prepare", [](json& j) { j["meetings"] = meeting_with(R"("preparation_hours": 1)"); }, "bad.json: /meetings/m/preparation_hours: expected 'preparation_hours' only with 'participants'"},
      {"a participant below the meeting's level", [](json& j) {
         j["levels"] = {"station", "desk"};
         j["org"]["units"][0]["children"] = json::array({{{"name", "desk"}, {"households", 1}}});
         j["org"]["units"][0].erase("households");
         j["staff"]["server"]["level"] = "desk";
         j["meetings"] = meeting_with(R"("participants": {"server": 1})");
       }, "bad.json: /meetings/m/participants/server: expected a role whose staff work at or above the meeting's level 'station'; "
          "'server' works at 'desk'"},
      {"a participant with no staff at the unit", [](json& j) {
         j["org"]["units"][0]["staff"] = {{"server", 0}};
         j["meetings"] = meeting_with(R"("participants": {"server": 1})");
       }, "bad.json: /meetings/m/participants/server: expected staff of role 'server' at or above every unit holding the meeting; "
          "'station' has none"},
      {"courier figures on a residents' channel", [](json& j) {
         j["demand"]["categories"]["job"]["discovery"] = json::parse(R"([{"channel": "a", "share": 1, "couriers": 5}])");
       }, "bad.json: /demand/categories/job/discovery/0: expected no 'couriers' for issues found by residents"},
  };
  for (const auto& c : cases) {
    json doc = base();
    c.edit(doc);
    EXPECT_EQ(error_of(doc), c.message) << c.what;
  }
}

TEST(ScenarioLoader, MalformedJsonNamesTheFile) {
  const auto path = std::filesystem::temp_directory_path() / "govsim_malformed.json";
  std::ofstream(path) << "{\"schema_version\": 1,\n  \"name\": }";
  try {
    govsim::io::load_scenario_file(path.string());
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(path.string() + ": /name: expected valid JSON: ", 0), 0u) << e.what();
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(govsim::io::load_scenario_file("/no/such/file.json"), ConfigError);
}

TEST(ScenarioLoader, OverridesUsePointerOrDottedPaths) {
  const auto a = govsim::test::load("scenarios/tests/mmc.json", {"/run/seed=99", "staff.server.count=5"});
  EXPECT_EQ(a.run.seed, 99u);
  EXPECT_EQ(a.org.unit(0).staff.at(0).second, 5u);
  json doc = base();
  try {
    govsim::io::apply_override(doc, "/nothing/here=1", "x.json");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), "x.json: /nothing: expected an existing object or array to set '/nothing/here' in");
  }
  EXPECT_THROW(govsim::io::apply_override(doc, "novalue", "x.json"), ConfigError);
  try {
    govsim::io::apply_override(doc, "/levels/100000000=x", "x.json");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), "x.json: /levels/100000000: expected an index from 0 to 1 (or '-' to append)");
  }
}

// A generated city of 10 million households (Kenli's shape, 170 streets) loads; the totals add up.
TEST(ScenarioLoader, TenMillionHouseholdCityLoads) {
  const auto sc = govsim::test::load("scenarios/city_10m.json");
  EXPECT_EQ(sc.org.total_households(), 58905u * 170u);
  std::uint64_t grid_workers = 0;
  for (govsim::graph::UnitId u = 0; u < sc.org.size(); ++u)
    for (const auto& [role, n] : sc.org.unit(u).staff)
      if (sc.roles[role].name == "grid_worker") grid_workers += n;
  EXPECT_EQ(grid_workers, 187u * 170u);
}

// Reception days all weekend long, outside an office calendar: overtime, not a load on the week.
TEST(ScenarioLoader, SittingsOutsideTheCalendarAreNotCountedAgainstIt) {
  json doc = base();
  doc["calendars"] = json::parse(R"({"office": {"weekly": {"mon-fri": [["09:00", "17:00"]]}}})");
  doc["staff"]["server"]["calendar"] = "office";
  doc["staff"]["server"]["duties"] = json::parse(R"({"patrol_hours_per_week": 30, "sittings": {
      "sat": {"schedule": {"weekly": {"weekday": "sat", "time": "00:00"}}, "hours": 24},
      "sun": {"schedule": {"weekly": {"weekday": "sun", "time": "00:00"}}, "hours": 24}}})");
  EXPECT_TRUE(govsim::io::scenario_warnings(govsim::io::load_scenario(doc, "m.json")).empty());
  doc["staff"]["server"]["duties"]["patrol_hours_per_week"] = 50;  // more than the 40 office hours
  EXPECT_EQ(govsim::io::scenario_warnings(govsim::io::load_scenario(doc, "m.json")).size(), 1u);
}

// A weekly meeting of 100 hours' preparation and 100 sitting: each one from the previous one's end
// (168 hours a week), the first from its full preparation: 171.4 hours a week over the first year.
TEST(ScenarioLoader, MeetingsLongerThanTheWorkingWeekAreAWarningNotAnError) {
  json doc = base();
  doc["meetings"] = meeting_with(R"("participants": {"server": 3}, "preparation_hours": 100, "duration_hours": 100)");
  const auto sc = govsim::io::load_scenario(doc, "m.json");
  const auto warnings = govsim::io::scenario_warnings(sc);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "m.json: /staff/server: scheduled meetings take 171.4 working hours a week per staff member at unit "
                         "'station' (meetings 171.4) but calendar 'always' gives 168.0: issues will wait on them and meetings start late");
}
