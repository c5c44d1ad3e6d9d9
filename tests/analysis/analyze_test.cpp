// govsim analyze: the analytic model of a scenario beside its pilot simulation. Where theory
// applies (Poisson arrivals, exponential service, no calendars) the two agree; where calendars
// hold work over nights and weekends, the model says so and the simulation shows it.
#include <gtest/gtest.h>

#include <cmath>

#include "govsim/analysis/model.hpp"
#include "govsim/analysis/queueing.hpp"
#include "govsim/error.hpp"
#include "test_util.hpp"

using govsim::analysis::analyze;
using govsim::analysis::AnalyzeOptions;
using govsim::test::load;

namespace {
// The analytic model of `sc` beside a pilot of `days` x `reps` on two threads.
govsim::analysis::AnalyticModel pilot(const govsim::model::Scenario& sc, double days, std::uint32_t reps = 4) {
  AnalyzeOptions opt;
  opt.policy = govsim::plugin::resolve_policy(sc);
  opt.pilot_days = days;
  opt.replications = reps;
  opt.threads = 2;
  return analyze(sc, opt);
}

const govsim::analysis::StationEstimate& station(const govsim::analysis::AnalyticModel& m, const std::string& role) {
  for (const auto& s : m.stations)
    if (s.role == role) return s;
  throw std::runtime_error("no station " + role);
}
}  // namespace

TEST(Analyze, ChainReproducesJacksonAndErlangC) {
  const auto m = pilot(load("scenarios/tests/chain4.json"), 2000);
  // Levels are listed top down: department, street, community, grid. Per hour, gamma = 1.
  const double jackson[4] = {0.0216, 0.0685, 0.3324, 1.0526};
  ASSERT_EQ(m.visits.size(), 4);
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(m.visits(i) / 24, jackson[i], 0.04 * jackson[i]) << m.levels[static_cast<std::size_t>(i)];
    EXPECT_NEAR(m.visits(i), m.sim_visits(i), 0.02 * m.sim_visits(i)) << "traffic equations vs the pilot's visits";
  }
  EXPECT_NEAR(m.issues_per_day, 24.0, 1e-9);
  // The absorbing chain's end shares and steps equal what the pilot saw (a Markov estimate of it).
  for (Eigen::Index k = 0; k < m.end_share.size(); ++k) EXPECT_NEAR(m.end_share(k), m.sim_end_share(k), 0.003) << m.outcomes[static_cast<std::size_t>(k)];
  EXPECT_NEAR(m.end_share.sum(), 1.0, 1e-9);
  EXPECT_NEAR(m.visits_per_issue, m.sim_visits_per_issue, 0.01 * m.sim_visits_per_issue);
  // Each station is an M/M/c queue: Erlang C's P(wait), mean wait and utilisation agree with the pilot.
  for (const auto& s : m.stations) {
    ASSERT_FALSE(s.meetings);
    EXPECT_TRUE(s.caveats.empty()) << s.role;
    EXPECT_NEAR(s.availability, 1.0, 1e-12);
    EXPECT_NEAR(s.p_wait, s.sim_p_wait, 0.03) << s.role;
    EXPECT_NEAR(s.utilisation, s.sim_utilisation, 0.03 * s.sim_utilisation + 0.005) << s.role;
    EXPECT_NEAR(s.mean_wait_hours, s.sim_mean_wait_hours, 0.15 * s.sim_mean_wait_hours) << s.role;
  }
  // The grid station: 2 grid workers, E[S] 1.5 h, lambda = 1.0526/h: A = 1.579, P(wait) = Erlang C.
  const auto& grid = station(m, "grid_worker");
  EXPECT_NEAR(grid.p_wait, govsim::analysis::erlang_c(1.0526 * 1.5, 2), 0.02);
}

// The station's service variability is the mixture of the per-category distributions the engine
// draws from (model::World::service): 1 h and 3 h at equal rates have mean 2 h and variance 1 h², a
// cv of 0.5 — not the default distribution's 0.
TEST(Analyze, ServiceVariabilityMixesTheCategoriesDistributions) {
  const auto sc = load("scenarios/tests/mmc.json",
                       {"/demand/categories/job/rate_per_household_year=0.5", "/demand/categories/big={\"rate_per_household_year\": 0.5}",
                        "/staff/server/service={\"default\": {\"dist\": \"deterministic\", \"value\": 1}, "
                        "\"big\": {\"dist\": \"deterministic\", \"value\": 3}}"});
  AnalyzeOptions opt;
  opt.policy = govsim::plugin::resolve_policy(sc);
  opt.pilot_days = 60;
  const auto m = analyze(sc, opt);
  ASSERT_EQ(m.stations.size(), 1u);
  // The scenario's two distributions, mixed in the proportions the pilot saw start (p of 'big'):
  // mean 1 + 2p and cv 2·sqrt(p(1 − p)) / (1 + 2p), exactly.
  const double mean = m.stations[0].mean_service_hours, p = (mean - 1) / 2;
  EXPECT_NEAR(p, 0.5, 0.01);
  EXPECT_NEAR(m.stations[0].service_cv, 2 * std::sqrt(p * (1 - p)) / mean, 1e-12);
  EXPECT_NEAR(m.stations[0].sim_mean_service_hours, 2.0, 0.1);  // the pilot saw the same
}

// Held out (issue 15): M/D/1 and M/G/1 with lognormal service of cv 2 at one server. analyze
// uses Pollaczek–Khinchine, exact, from the scenario's distributions; the pilot agrees. The M/M/1
// wait would be 4.0 h and 2.33 h.
TEST(Analyze, OneServerIsPollaczekKhinchine) {
  struct Case {
    std::string service;
    double rate, exact_wait;
  };
  const Case cases[] = {{R"({"dist": "deterministic", "value": 1})", 0.8, 2.0},
                        {R"({"dist": "lognormal", "mean": 1, "sd": 2})", 0.7, 2.5 * 0.7 / 0.3}};
  for (const auto& c : cases) {
    const auto sc = load("scenarios/tests/mmc.json", {"/staff/server/count=1", "/staff/server/service=" + c.service,
                                                      "/demand/categories/job/rate_per_household_year=" + std::to_string(c.rate)});
    const auto m = pilot(sc, 2000);
    const auto& s = m.stations.at(0);
    EXPECT_EQ(s.method, "Pollaczek-Khinchine");
    EXPECT_TRUE(s.exact);
    EXPECT_NEAR(s.p_wait, c.rate, 1e-9);
    EXPECT_NEAR(s.mean_wait_hours, c.exact_wait, 1e-9);
    EXPECT_NEAR(s.sim_p_wait, c.rate, 0.02) << c.service;
    EXPECT_NEAR(s.sim_mean_wait_hours, c.exact_wait, 0.1 * c.exact_wait) << c.service;
  }
}

TEST(Analyze, SingleStationIsErlangC) {
  const auto sc = load("scenarios/tests/mmc.json");
  AnalyzeOptions opt;
  opt.policy = govsim::plugin::resolve_policy(sc);
  opt.pilot_days = 400;
  opt.threads = 2;
  const auto m = analyze(sc, opt);
  ASSERT_EQ(m.stations.size(), 1u);
  const auto& s = m.stations[0];
  EXPECT_EQ(s.servers, 3);
  EXPECT_NEAR(s.p_wait, 4.0 / 9, 0.01);  // lambda is the scenario's 2/h; E[S] from the pilot
  EXPECT_NEAR(s.sim_p_wait, 4.0 / 9, 0.02);
  EXPECT_NEAR(m.end_share(0), 1.0, 1e-12);  // every job resolved at the station
}

TEST(Analyze, ErlangAWhereResidentsGiveUp) {
  const auto sc = load("scenarios/tests/mmc.json", {"/staff/server/count=2", "/demand/categories/job/rate_per_household_year=2",
                                                    "/demand/categories/job/patience={\"dist\": \"exponential\", \"mean\": 1}"});
  AnalyzeOptions opt;
  opt.policy = govsim::plugin::resolve_policy(sc);
  opt.pilot_days = 400;
  opt.threads = 2;
  const auto m = analyze(sc, opt);
  const auto& s = m.stations.at(0);
  EXPECT_TRUE(s.erlang_a);
  const auto exact = govsim::analysis::erlang_a(2.0, 1.0, 1.0, 2);
  EXPECT_EQ(s.method, "Erlang A");
  // Like for like (issue 15): the pilot counts waits over the attempts that start, the residents
  // who are served; so does the model. Utilisation is busy servers, not the offered load.
  EXPECT_NEAR(s.p_wait, exact.p_wait_served, 1e-9);
  EXPECT_NEAR(s.mean_wait_hours, exact.mean_wait_served, 1e-9);
  EXPECT_NEAR(s.utilisation, exact.utilisation, 1e-9);
  EXPECT_NEAR(exact.utilisation, 0.729, 0.001);  // the offered load per server is 1.0
  EXPECT_NEAR(s.sim_p_wait, exact.p_wait_served, 0.03);
  EXPECT_NEAR(s.sim_mean_wait_hours, exact.mean_wait_served, 0.08 * exact.mean_wait_served);
  EXPECT_NEAR(s.sim_utilisation, exact.utilisation, 0.02);
  // Withdrawals end visits: the chain's withdrawn share is the abandonment probability.
  EXPECT_NEAR(m.sim_end_share(2), exact.p_abandon, 0.02);
  EXPECT_NEAR(m.end_share(2), exact.p_abandon, 0.02);
}

// Duties count in a station's load: a Kenli grid worker's week is 315 households x 7/90 visits of
// 0.7 x 30 + 0.3 x 5 minutes with 3 minutes of reporting each, 5 hours of patrol, and the seat at
// its compound's monthly deliberation (an hour's preparation and two sitting, in so far as they
// fall in office hours).
TEST(Analyze, DutiesCountInTheStaffTimeOfAStation) {
  const auto sc = load("scenarios/kenli.json", {govsim::test::kKenliTiered});
  AnalyzeOptions opt;
  opt.policy = govsim::plugin::resolve_policy(sc);
  opt.pilot_days = 30;
  opt.threads = 2;
  const auto m = analyze(sc, opt);
  const double week = 315 * 7.0 / 90 * ((0.7 * 30 + 0.3 * 5) / 60 + 3 / 60.0) + 5;
  const double deliberation = 12 / (365 / 7.0) * (1 + 2);  // at most: the part in office hours counts
  bool seen = false;
  for (const auto& s : m.stations) {
    if (s.meetings || s.role != "grid_worker") continue;
    seen = true;
    EXPECT_GT(s.duty_utilisation, week / 168 / s.availability);
    EXPECT_LE(s.duty_utilisation, (week + deliberation) / 168 / s.availability + 1e-9);
    EXPECT_GT(s.duty_utilisation, 0.4);
    bool flagged = false;
    for (const auto& c : s.caveats) flagged |= c.rfind("duties take ", 0) == 0;
    EXPECT_TRUE(flagged);
  }
  EXPECT_TRUE(seen);
}

TEST(Analyze, KenliShowsWhereCalendarsAndMeetingsBreakTheFormulas) {
  const auto sc = load("scenarios/kenli.json");
  AnalyzeOptions opt;
  opt.policy = govsim::plugin::resolve_policy(sc);
  opt.pilot_days = 120;
  opt.threads = 2;
  const auto m = analyze(sc, opt);
  bool meetings = false;
  for (const auto& s : m.stations) {
    if (s.meetings) {
      meetings = true;
      // The community's joint meeting sits when 9 items wait: its items wait days. The street's
      // special joint meeting is called as soon as a matter waits.
      if (s.level_name == "community") EXPECT_GT(s.sim_mean_wait_hours, 24.0) << "items wait days for the next sitting";
      if (s.level_name == "street") EXPECT_LT(s.sim_mean_wait_hours, 24.0) << "called at once";
      continue;
    }
    EXPECT_LT(s.availability, 0.5) << s.role;  // office and volunteer hours
    bool flagged = false;
    for (const auto& c : s.caveats) flagged |= c.rfind("open ", 0) == 0;
    EXPECT_TRUE(flagged) << s.role;
  }
  EXPECT_TRUE(meetings);
  // The community workers are lightly loaded: Erlang C says almost nobody waits, but work that
  // arrives after office hours waits for the morning (and for the day's duty work).
  const auto& workers = station(m, "community_worker");
  EXPECT_LT(workers.p_wait, 0.05);
  EXPECT_GT(workers.sim_p_wait, workers.p_wait + 0.2);
  const auto j = govsim::analysis::to_json(m);
  EXPECT_EQ(j["levels"].size(), 6u);
  for (const auto& s : j["stations"])
    if (s["meetings"].get<bool>()) {
      EXPECT_TRUE(s["p_wait"].is_null());
    }
  EXPECT_EQ(j["months"].size(), 12u);
  // Kenli's demand peaks in summer (July) and is lowest in January.
  EXPECT_GT(j["months"][6]["offered_load"].get<double>(), j["months"][0]["offered_load"].get<double>());
  EXPECT_NE(govsim::analysis::format(m).find("where theory breaks"), std::string::npos);
}

TEST(Analyze, RefusesAnEmptyPilot) {
  const auto sc = load("scenarios/tests/mmc.json", {"/demand/categories/job/rate_per_household_year=0.0000001"});
  AnalyzeOptions opt;
  opt.policy = govsim::plugin::resolve_policy(sc);
  opt.pilot_days = 1;
  opt.replications = 1;
  try {
    analyze(sc, opt);
    FAIL() << "expected an error";
  } catch (const govsim::Error& e) {
    EXPECT_NE(std::string(e.what()).find("saw no issue join a queue"), std::string::npos) << e.what();
  }
  opt.pilot_days = 0;
  EXPECT_THROW(analyze(sc, opt), govsim::Error);
}
