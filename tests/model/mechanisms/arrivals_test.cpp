#include "model/mechanisms/arrivals.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "model/mechanisms/harness.hpp"

namespace govsim::test {
namespace {

// Two leaves of 2,190 and 6,570 households at one arrival per household-year: one arrival an hour
// in all, a quarter of them at the first leaf.
std::string two_leaves(const std::string& discovery = "") {
  return R"({"schema_version": 1, "name": "t", "start_date": "2024-01-01", "levels": ["top", "leaf"],
    "org": {"units": [{"name": "top", "level": "top", "children": [
      {"name": "a", "level": "leaf", "households": 2190}, {"name": "b", "level": "leaf", "households": 6570}]}]},
    "staff": {"server": {"level": "leaf", "count": 1, "service": {"dist": "deterministic", "value": 1}}},
    "demand": {"categories": {"job": {"rate_per_household_year": 1.0)" + discovery + R"(}}},
    "run": {"horizon_days": 400, "replications": 1, "seed": 11}})";
}

// The kernel's source as the engine wires it: arrivals discovered at once go to the router.
struct Source {
  Harness& h;
  model::Arrivals& arrivals;
  bool pending(double& t, std::uint64_t& k) const { return arrivals.pending(t, k); }
  void fire() {
    if (const auto slot = arrivals.fire(); slot != model::kNoSlot) h.router.discovered(slot);
  }
};

void run(Harness& h, model::Arrivals& arrivals) {
  Source source{h, arrivals};
  arrivals.start();
  h.run(h.rec.horizon(), source);
}

TEST(Arrivals, APoissonStreamAtTheRateOfTheHouseholdsSplitByHouseholds) {
  Harness h(two_leaves());
  auto& arrivals = h.add(std::make_unique<model::Arrivals>(h.env));
  run(h, arrivals);
  const double expected = 400 * 24.0, n = static_cast<double>(h.rec.result().created_all);
  EXPECT_NEAR(n, expected, 4 * std::sqrt(expected));  // Poisson: sd = sqrt(mean)
  double at_a = 0;
  for (const auto& is : h.issues.all()) at_a += is.v.origin == h.world.leaves[0];
  EXPECT_NEAR(at_a / n, 0.25, 4 * std::sqrt(0.25 * 0.75 / n));
  EXPECT_EQ(h.router.named("discovered").size(), h.rec.result().created_all);  // no delay: at once
}

TEST(Arrivals, AnIssueWithADiscoveryDelayIsDiscoveredThatMuchLater) {
  Harness h(two_leaves(R"(, "discovery": [{"channel": "patrol", "share": 1, "delay": {"dist": "deterministic", "value": 5}}])"));
  auto& arrivals = h.add(std::make_unique<model::Arrivals>(h.env));
  run(h, arrivals);
  const auto found = h.router.named("discovered");
  ASSERT_GT(found.size(), 1000u);
  for (const auto& c : found) ASSERT_DOUBLE_EQ(c.time, h.issues[c.slot].v.created + 5.0);
}

TEST(Arrivals, TheSameSeedGivesTheSameIssues) {
  Harness h1(two_leaves()), h2(two_leaves());
  run(h1, h1.add(std::make_unique<model::Arrivals>(h1.env)));
  run(h2, h2.add(std::make_unique<model::Arrivals>(h2.env)));
  ASSERT_EQ(h1.issues.size(), h2.issues.size());
  for (std::size_t i = 0; i < h1.issues.size(); ++i) {
    ASSERT_EQ(h1.issues[i].v.created, h2.issues[i].v.created);
    ASSERT_EQ(h1.issues[i].v.origin, h2.issues[i].v.origin);
  }
}

}  // namespace
}  // namespace govsim::test
