// The simulation against queueing theory (FIELD-NOTES §5): an M/M/c station against Erlang C, and a
// 4-level escalation chain against the Jackson traffic equations and per-station M/M/c waits.
#include <gtest/gtest.h>

#include <cmath>

#include "govsim/analysis/queueing.hpp"
#include "test_util.hpp"

using govsim::test::load;
using govsim::analysis::erlang_c;
using govsim::test::per_rep;

namespace {

// The theoretical value must lie inside the simulation's 99% confidence interval.
void expect_in_ci99(const std::vector<double>& samples, double theory, const std::string& what) {
  const auto ci = govsim::core::confidence_interval(samples, 0.99);
  EXPECT_LE(ci.low, theory) << what << ": mean " << ci.mean << " ± " << ci.half_width;
  EXPECT_GE(ci.high, theory) << what << ": mean " << ci.mean << " ± " << ci.half_width;
  EXPECT_LT(ci.half_width, 0.1 * std::max(theory, 0.05)) << what << ": interval too wide to mean anything";
}

}  // namespace

TEST(Queueing, ErlangCRecursionReproducesFieldNotesTable) {
  EXPECT_NEAR(erlang_c(2, 3), 4.0 / 9, 1e-4);
  EXPECT_NEAR(erlang_c(2, 4), 0.1739, 1e-4);
  EXPECT_NEAR(erlang_c(10, 12), 0.4494, 1e-4);
  EXPECT_NEAR(erlang_c(100, 110), 0.2370, 1e-4);
}

struct MmcCase {
  double load;  // erlangs, with mean service 1 h
  int servers;
};

class MmcVsErlangC : public ::testing::TestWithParam<MmcCase> {};

TEST_P(MmcVsErlangC, WaitProbabilityAndMeanWait) {
  const auto [a, c] = GetParam();
  // lambda = a per hour: 8760 households x a per household-year.
  auto sc = load("scenarios/tests/mmc.json", {"/staff/server/count=" + std::to_string(c),
                                              "/demand/categories/job/rate_per_household_year=" + std::to_string(a)});
  const auto r = govsim::test::run(sc);
  const double pw = erlang_c(a, c);
  const double wq = pw / (c * 1.0 - a);  // mean wait in hours, mu = 1
  expect_in_ci99(per_rep(r, "p_wait"), pw, "P(wait)");
  expect_in_ci99(per_rep(r, "mean_wait_hours"), wq, "mean wait");
  expect_in_ci99(per_rep(r, "utilisation.server@station"), a / c, "utilisation");
}

INSTANTIATE_TEST_SUITE_P(FieldNotes, MmcVsErlangC,
                         ::testing::Values(MmcCase{2, 3}, MmcCase{2, 4}, MmcCase{10, 12}),
                         [](const auto& info) {
                           std::string name = "A";
                           name.append(std::to_string(int(info.param.load))).append("_c").append(std::to_string(info.param.servers));
                           return name;
                         });

TEST(Queueing, ChainMatchesJacksonTrafficEquationsAndStationWaits) {
  const auto sc = load("scenarios/tests/chain4.json", {"/run/horizon_days=2020"});
  const auto r = govsim::test::run(sc);
  // lambda = (I - P^T)^-1 gamma with gamma = (1, 0, 0, 0) per hour (FIELD-NOTES §5).
  const double lambda[4] = {1.0526, 0.3324, 0.0685, 0.0216};
  const char* level[4] = {"grid", "community", "street", "department"};
  const int servers[4] = {2, 1, 1, 1};
  const double service[4] = {1.5, 2.0, 4.0, 10.0};
  for (int i = 0; i < 4; ++i) {
    const auto visits = govsim::core::confidence_interval(per_rep(r, std::string("attempts_per_hour.") + level[i]), 0.99);
    // The field-notes values are rounded to 4 decimals: allow that rounding on top of the interval.
    EXPECT_LE(visits.low, lambda[i] + 5e-5) << level[i];
    EXPECT_GE(visits.high, lambda[i] - 5e-5) << level[i];
    // Jackson's theorem: each station behaves as an independent M/M/c queue with its own lambda.
    const double exact_lambda[4] = {1.0 / 0.95, 0.30 / 0.95 / 0.95, 0.20 * 0.30 / 0.95 / 0.95 / 0.97,
                                    0.30 * 0.20 * 0.30 / 0.95 / 0.95 / 0.97 / 0.95};
    const double a = exact_lambda[i] * service[i];
    const double wq = erlang_c(a, servers[i]) * service[i] / (servers[i] - a);
    const auto wait = govsim::core::confidence_interval(per_rep(r, std::string("mean_wait_hours.") + level[i]), 0.99);
    EXPECT_LE(wait.low, wq) << level[i] << " mean wait " << wait.mean;
    EXPECT_GE(wait.high, wq) << level[i] << " mean wait " << wait.mean;
    EXPECT_LT(wait.half_width, 0.25 * wq) << level[i] << ": interval too wide to mean anything";
    EXPECT_LT(visits.half_width, 0.1 * lambda[i]) << level[i];
  }
}

// M/M/c+M (Erlang A): exponential patience. The stationary distribution of the birth-death chain
// (birth lambda, death min(n,c) mu + max(n-c,0) theta) gives the share of arrivals that abandon,
// theta * E[queue] / lambda, and (PASTA) the share that find all servers busy.
TEST(Queueing, AbandonmentMatchesErlangA) {
  const double lambda = 2.0, mu = 1.0, theta = 1.0;  // mean patience 1 h
  const int c = 2;
  std::vector<double> pi(400, 0.0);
  pi[0] = 1;
  for (std::size_t n = 1; n < pi.size(); ++n)
    pi[n] = pi[n - 1] * lambda / (std::min<int>(static_cast<int>(n), c) * mu + std::max<int>(static_cast<int>(n) - c, 0) * theta);
  double total = 0, queue = 0;
  for (std::size_t n = 0; n < pi.size(); ++n) total += pi[n];
  for (std::size_t n = 0; n < pi.size(); ++n) queue += std::max<int>(static_cast<int>(n) - c, 0) * pi[n] / total;
  const double p_abandon = theta * queue / lambda;

  auto sc = load("scenarios/tests/mmc.json", {"/staff/server/count=2", "/demand/categories/job/rate_per_household_year=2",
                                              "/demand/categories/job/patience={\"dist\": \"exponential\", \"mean\": 1}"});
  const auto r = govsim::test::run(sc);
  expect_in_ci99(per_rep(r, "withdrawal_rate"), p_abandon, "P(abandon)");
  for (const auto& rep : r.replications)
    EXPECT_EQ(rep.created_all, rep.resolved_all + rep.closed_all + rep.withdrawn_all + rep.open_all);
}

// Servers working at four compounds, pooled at their hub (pooled_at): one pool of 3 and one queue
// for all, so it is the M/M/3 station of A = 2 erlangs whatever compound an issue comes from.
TEST(Queueing, APoolServingSeveralUnitsIsOneMmcStation) {
  const std::string text = R"({"schema_version": 1, "name": "shared", "start_date": "2024-01-01",
    "levels": ["hub", "compound"],
    "org": {"units": [{"name": "hub", "level": "hub", "children": [
      {"name": "compound-{i}", "repeat": 4, "households": [1000, 2000, 2760, 3000]}]}]},
    "staff": {"server": {"level": "compound", "pooled_at": "hub", "count": 3,
                         "service": {"dist": "exponential", "mean": 1.0}}},
    "demand": {"categories": {"job": {"rate_per_household_year": 2.0}}},
    "policy": {"name": "tiered", "params": {"assess_before_handling": false}},
    "run": {"horizon_days": 420, "warmup_days": 20, "replications": 20, "seed": 7}})";
  const auto sc = govsim::test::load_study(govsim::io::parse_json(text, "shared.json"), "shared.json");
  const auto r = govsim::test::run(sc);
  expect_in_ci99(per_rep(r, "p_wait"), erlang_c(2, 3), "P(wait)");
  expect_in_ci99(per_rep(r, "mean_wait_hours"), erlang_c(2, 3) / (3 - 2), "mean wait");
  expect_in_ci99(per_rep(r, "utilisation.server@hub"), 2.0 / 3, "utilisation");
  for (const auto& rep : r.replications) EXPECT_EQ(rep.utilisation.at(0).staff, 3u);  // one pool, not one per compound
  // Every issue was handled where it arose (the compound) by the hub's pool, never escalated.
  for (const auto& rep : r.replications) EXPECT_EQ(rep.escalations, 0u);
}

// Grids drawn across units (grid_households): four compounds of 1,460 and 2,920 households make
// two grids of 4,380 (each the first compound and the next that brings it to 4,380), each with its
// own pool of 2 and its own queue: two M/M/2 stations of A = 1 erlang, P(wait) = 1/3 — not one
// M/M/4 of A = 2 (P(wait) 0.17), as pooling them at the hub would give.
TEST(Queueing, EachGridIsItsOwnMmcStation) {
  const std::string text = R"({"schema_version": 1, "name": "grids", "start_date": "2024-01-01",
    "levels": ["hub", "compound"],
    "org": {"units": [{"name": "hub", "level": "hub", "children": [
      {"name": "compound-{i}", "repeat": 4, "households": [1460, 2920, 1460, 2920]}]}]},
    "staff": {"server": {"level": "compound", "pooled_at": "hub", "grid_households": 4380, "count": 2,
                         "service": {"dist": "exponential", "mean": 1.0}}},
    "demand": {"categories": {"job": {"rate_per_household_year": 2.0}}},
    "policy": {"name": "tiered", "params": {"assess_before_handling": false}},
    "run": {"horizon_days": 420, "warmup_days": 20, "replications": 20, "seed": 7}})";
  const auto sc = govsim::test::load_study(govsim::io::parse_json(text, "grids.json"), "grids.json");
  const auto r = govsim::test::run(sc);
  expect_in_ci99(per_rep(r, "p_wait"), erlang_c(1, 2), "P(wait)");
  expect_in_ci99(per_rep(r, "mean_wait_hours"), erlang_c(1, 2) / (2 - 1), "mean wait");
  expect_in_ci99(per_rep(r, "utilisation.server@compound"), 0.5, "utilisation");
  for (const auto& rep : r.replications) EXPECT_EQ(rep.utilisation.at(0).staff, 4u);  // two grids of 2
  for (const auto& rep : r.replications) EXPECT_EQ(rep.escalations, 0u);
}

// A policy that names the role (tiered's `roles`) sees the pool serving the unit, pooled above it
// or drawn in grids: the Context's staff, busy and queue views read that pool (they used to read
// only the unit's own pools, so the role looked absent and every issue went up; issue 15's hotline).
TEST(Queueing, PoliciesSeeThePoolServingTheUnit) {
  for (const char* extra : {"", R"(, "grid_households": 4380)"}) {
    const std::string text = std::string(R"({"schema_version": 1, "name": "named", "start_date": "2024-01-01",
      "levels": ["hub", "compound"],
      "org": {"units": [{"name": "hub", "level": "hub", "children": [
        {"name": "compound-{i}", "repeat": 4, "households": [1460, 2920, 1460, 2920]}]}]},
      "staff": {"server": {"level": "compound", "pooled_at": "hub", "count": 2)") + extra + R"(,
                           "service": {"dist": "exponential", "mean": 1.0}},
                "office": {"level": "hub", "count": 1, "service": {"dist": "exponential", "mean": 1.0}}},
      "demand": {"categories": {"job": {"rate_per_household_year": 1.0}}},
      "policy": {"name": "tiered", "params": {"assess_before_handling": false, "roles": ["server", "office"]}},
      "run": {"horizon_days": 60, "warmup_days": 5, "replications": 2, "seed": 7}})";
    const auto sc = govsim::test::load_study(govsim::io::parse_json(text, "named.json"), "named.json");
    const auto r = govsim::test::run(sc);
    for (const auto& rep : r.replications) {
      EXPECT_EQ(rep.escalations, 0u) << extra;
      EXPECT_GT(rep.resolved_at_level.at(1), 0u) << "handled at the compounds by the server pool" << extra;
    }
  }
}
