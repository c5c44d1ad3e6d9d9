#include "govsim/io/results_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "test_util.hpp"

TEST(ResultsWriter, SummaryHasEveryMetricWithItsInterval) {
  auto sc = govsim::test::load("scenarios/tests/chain4.json", {"/run/replications=3", "/run/horizon_days=30", "/run/warmup_days=0"});
  const auto r = govsim::test::run(sc, 1, true);
  const auto j = govsim::io::summary_json(r);
  EXPECT_EQ(j["replications"], 3);
  EXPECT_EQ(j["per_replication"].size(), 3u);
  // Every aggregate is the mean of the per-replication values written beside it.
  for (const auto& m : r.summary) {
    ASSERT_TRUE(j["metrics"].contains(m.name)) << m.name;
    double sum = 0;
    for (const auto& rep : j["per_replication"]) sum += rep["metrics"][m.name].get<double>();
    EXPECT_NEAR(j["metrics"][m.name]["mean"].get<double>(), sum / 3, 1e-9 * (1 + std::abs(sum))) << m.name;
  }
  EXPECT_TRUE(j["metrics"].contains("utilisation.grid_worker@grid"));
  std::ostringstream ts;
  govsim::io::write_timeseries_csv(r, ts);
  std::istringstream in(ts.str());
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header, "replication,time_h,day,open_department,open_street,open_community,open_grid,undiscovered");
  std::size_t rows = 0;
  for (std::string line; std::getline(in, line);) ++rows;
  EXPECT_EQ(rows, 3u * 30u) << "one sample a day for 30 days, three replications";
}

TEST(ResultsWriter, IssueTableHasOneRowPerIssue) {
  auto sc = govsim::test::load("scenarios/tests/chain4.json", {"/run/replications=2", "/run/horizon_days=10", "/run/warmup_days=0"});
  const auto r = govsim::test::run(sc, 2, true);
  std::ostringstream out;
  govsim::io::write_issues_csv(r, out);
  std::istringstream in(out.str());
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "replication,id,category,origin,severity,created_h,discovered_h,first_response_h,closed_h,outcome,"
                  "level,unit,attempts,escalations,reworks,satisfaction");
  std::size_t rows = 0, resolved = 0;
  for (; std::getline(in, line); ++rows) resolved += line.find(",resolved,") != std::string::npos;
  EXPECT_EQ(rows, r.replications[0].created_all + r.replications[1].created_all);
  EXPECT_EQ(resolved, r.replications[0].resolved_all + r.replications[1].resolved_all);
}
