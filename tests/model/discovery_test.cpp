// Discovery tied to the work done: visits every N days find an issue N/2 days after it arises on
// average; couriers find the share of issues on their routes; whichever finder is first wins.
#include <gtest/gtest.h>

#include <cmath>

#include "test_util.hpp"

namespace govsim::test {
namespace {

/// A station of 1,000 households, one worker who visits them all every `every_days` (a tenth of a
/// minute each, so visits never wait), and one category found by `discovery`.
model::Scenario station(double every_days, const std::string& discovery) {
  const std::string text = R"({"schema_version": 1, "name": "visits", "start_date": "2024-01-01", "levels": ["station"],
    "org": {"units": [{"name": "station", "households": 1000}]},
    "staff": {"worker": {"level": "station", "count": 1, "service": {"dist": "deterministic", "value": 0.01},
                         "duties": {"visits": {"every_days": )" + std::to_string(every_days) + R"(, "minutes": 0.1}}}},
    "demand": {"categories": {"job": {"rate_per_household_year": 3, "discovery": )" + discovery + R"(}}},
    "run": {"horizon_days": 200, "warmup_days": 20, "replications": 1, "seed": 11}})";
  return load_study(io::parse_json(text, "visits.json"), "visits.json");
}

struct Delays {
  double n = 0, mean = 0, se = 0;
};
Delays discovery_delays(const model::RunResult& r) {
  std::vector<double> d;
  for (const auto& is : r.replications[0].issues)
    if (is.discovered >= 0 && is.created >= 20 * 24) d.push_back(is.discovered - is.created);
  Delays out;
  out.n = static_cast<double>(d.size());
  for (double x : d) out.mean += x / out.n;
  double ss = 0;
  for (double x : d) ss += (x - out.mean) * (x - out.mean);
  out.se = std::sqrt(ss / (out.n - 1) / out.n);
  return out;
}

TEST(Discovery, VisitsEveryNDaysFindAnIssueHalfAnIntervalLaterOnAverage) {
  for (double days : {6.0, 10.0}) {
    const auto r = run(station(days, R"([{"channel": "screening", "share": 1, "found_by": "visits", "role": "worker"}])"), 1, true);
    const Delays d = discovery_delays(r);
    ASSERT_GT(d.n, 1000);
    // Each household is visited every N days at the same hour: the wait is uniform on (0, N days].
    EXPECT_NEAR(d.mean, days * 24 / 2, 4 * d.se) << days;
    EXPECT_EQ(r.metric("found_by.residents").ci.mean, 0) << days;
  }
}

TEST(Discovery, TheResidentsReportFirstWhenTheyAreQuicker) {
  // Residents report 2 days after an issue arises; visits come every 10 days: the residents find
  // those whose visit is more than 2 days away (80%), the visits the rest, within 2 days.
  const auto r = run(station(10, R"([{"channel": "screening", "share": 1, "found_by": "visits", "role": "worker",
                                       "delay": {"dist": "deterministic", "value": 48}}])"), 1, true);
  const double created = r.metric("created").ci.mean, by_residents = r.metric("found_by.residents").ci.mean;
  const double p = 0.8, se = std::sqrt(p * (1 - p) / created);
  EXPECT_NEAR(by_residents / created, p, 4 * se);
  for (const auto& is : r.replications[0].issues) EXPECT_LE(is.discovered - is.created, 48.0 + 1e-9);
}

TEST(Discovery, AnIssueFestersWhileItWaitsToBeFound) {
  // Visits every 10 days find an issue a uniform (0, 10] days after it arises; it festers one
  // severity every 4 days, up to 3: found within 4 days it stays at 1 (40%), within 8 at 2 (40%),
  // later at 3 (20%).
  auto sc = station(10, R"([{"channel": "screening", "share": 1, "found_by": "visits", "role": "worker"}])");
  sc.categories[0].severity = {1, 0, 0};
  sc.max_severity = 3;
  sc.categories[0].festering = model::CategorySpec::Festering{4, 3};
  const auto r = run(sc, 1, true);
  double n = 0, at[4] = {0, 0, 0, 0};
  for (const auto& is : r.replications[0].issues)
    if (is.discovered >= 0 && is.created >= 20 * 24) {
      ++n;
      ++at[is.severity];
      EXPECT_EQ(is.severity, 1 + std::min(2, static_cast<int>((is.discovered - is.created) / 96))) << is.created;
    }
  ASSERT_GT(n, 1000);
  for (auto [k, p] : {std::pair{1, 0.4}, {2, 0.4}, {3, 0.2}}) EXPECT_NEAR(at[k] / n, p, 4 * std::sqrt(p * (1 - p) / n)) << k;
  EXPECT_NEAR(r.metric("festered").ci.mean / r.metric("created").ci.mean, 0.6, 0.05);
  // Without festering the metric is not there, and every issue stays at 1.
  sc.categories[0].festering.reset();
  const auto plain = run(sc, 1, true);
  EXPECT_EQ(plain.find_metric("festered"), nullptr);
  for (const auto& is : plain.replications[0].issues) EXPECT_EQ(is.severity, 1);
}

TEST(Discovery, CouriersFindTheShareOfIssuesOnTheirRoutes) {
  // 5 couriers x 100 households = half the households: half the issues are found a day later, the
  // rest never (no resident reports). Ten couriers cover them all.
  const auto half = run(station(10, R"([{"channel": "couriers", "share": 1, "found_by": "couriers", "couriers": 5,
      "households_each": 100, "courier_delay": {"dist": "deterministic", "value": 24}}])"), 1, true);
  const double created = half.metric("created").ci.mean;
  EXPECT_NEAR(half.metric("found_by.couriers").ci.mean / created, 0.5, 4 * std::sqrt(0.25 / created));
  EXPECT_EQ(half.metric("found_by.residents").ci.mean, 0);
  const auto all = run(station(10, R"([{"channel": "couriers", "share": 1, "found_by": "couriers", "couriers": 10,
      "households_each": 100, "courier_delay": {"dist": "deterministic", "value": 24}}])"), 1, true);
  for (const auto& is : all.replications[0].issues)
    if (is.created < 199 * 24) {
      EXPECT_NEAR(is.discovered - is.created, 24.0, 1e-9);
    }
}

}  // namespace
}  // namespace govsim::test
