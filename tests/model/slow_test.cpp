// Slow checks, run by `make test-all` (ctest label "slow").
#include <gtest/gtest.h>

#include "govsim/analysis/queueing.hpp"
#include "test_util.hpp"

using govsim::test::load;
using govsim::analysis::erlang_c;
using govsim::test::per_rep;


// A = 100 erlangs (100 arrivals an hour, 1-hour service) on 105, 110 and 120 servers.
TEST(Slow, ErlangCAtOneHundredErlangs) {
  for (int c : {105, 110, 120}) {
    auto sc = load("scenarios/tests/mmc.json", {"/staff/server/count=" + std::to_string(c),
                                                "/demand/categories/job/rate_per_household_year=100",
                                                "/run/horizon_days=220", "/run/replications=10"});
    const auto r = govsim::test::run(sc);
    const auto ci = govsim::core::confidence_interval(per_rep(r, "p_wait"), 0.99);
    EXPECT_LE(ci.low, erlang_c(100, c)) << "c=" << c << " mean " << ci.mean;
    EXPECT_GE(ci.high, erlang_c(100, c)) << "c=" << c << " mean " << ci.mean;
  }
}

TEST(Slow, TenMillionHouseholdCityYearConserves) {
  const auto sc = load("scenarios/city_10m.json", {"/run/horizon_days=365"});
  const auto r = govsim::test::run(sc);
  const auto& rep = r.replications.at(0);
  EXPECT_GT(rep.created_all, 1'000'000u);
  EXPECT_EQ(rep.created_all, rep.resolved_all + rep.closed_all + rep.withdrawn_all + rep.open_all);
}
