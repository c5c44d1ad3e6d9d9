// Same seed, same numbers — whatever the thread count; different seeds, different numbers; and the
// streams are split so that policies compared on one seed see the same demand.
#include <gtest/gtest.h>

#include "govsim/io/results_writer.hpp"
#include "test_util.hpp"


TEST(Reproducibility, OneAndTwoThreadsGiveIdenticalSummaries) {
  const auto sc = govsim::test::load_kenli_tiered({"/run/replications=4", "/run/horizon_days=90"});
  const auto one = govsim::test::run(sc, 1);
  const auto two = govsim::test::run(sc, 2);
  EXPECT_EQ(govsim::test::summary_text(one), govsim::test::summary_text(two));
  const auto again = govsim::test::run(sc, 2);
  EXPECT_EQ(govsim::test::summary_text(two), govsim::test::summary_text(again));
}

TEST(Reproducibility, DifferentSeedsDiffer) {
  const auto a = govsim::test::run(govsim::test::load_kenli_tiered({"/run/replications=2", "/run/horizon_days=60", "/run/seed=1"}));
  const auto b = govsim::test::run(govsim::test::load_kenli_tiered({"/run/replications=2", "/run/horizon_days=60", "/run/seed=2"}));
  EXPECT_NE(a.replications[0].created_all, b.replications[0].created_all);
}

// Common random numbers: changing the policy's parameters (here, where handling starts) leaves
// the demand — every issue's time, place, category and severity — exactly as it was.
TEST(Reproducibility, DemandIsIndependentOfThePolicy) {
  const std::vector<std::string> o = {"/run/replications=1", "/run/horizon_days=60"};
  auto o2 = o;
  o2.push_back("/policy/params/start_level=\"community\"");
  const auto a = govsim::test::run(govsim::test::load_kenli_tiered(o), 1, true);
  const auto b = govsim::test::run(govsim::test::load_kenli_tiered(o2), 1, true);
  const auto& ia = a.replications[0].issues;
  const auto& ib = b.replications[0].issues;
  ASSERT_EQ(ia.size(), ib.size());
  bool outcomes_differ = false;
  for (std::size_t i = 0; i < ia.size(); ++i) {
    ASSERT_EQ(ia[i].created, ib[i].created);
    ASSERT_EQ(ia[i].origin, ib[i].origin);
    ASSERT_EQ(ia[i].category, ib[i].category);
    ASSERT_EQ(ia[i].severity, ib[i].severity);
    ASSERT_EQ(ia[i].discovered, ib[i].discovered);
    outcomes_differ = outcomes_differ || ia[i].closed != ib[i].closed;
  }
  EXPECT_TRUE(outcomes_differ) << "the two policies should handle issues differently";
}
