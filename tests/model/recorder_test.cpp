#include "model/recorder.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "model/mechanisms/harness.hpp"

namespace govsim::test {
namespace {

constexpr const char* kStaff = R"("server": {"level": "station", "count": 1, "service": {"dist": "deterministic", "value": 1}})";

// A scheduled callback at time t, for moving the clock in a test (kept alive in `keep`).
template <class F>
void at(Harness& h, std::vector<std::shared_ptr<void>>& keep, double t, F f) {
  struct Box {
    F f;
    void on(const core::Event&) { f(); }
  };
  auto box = std::make_shared<Box>(Box{std::move(f)});
  keep.push_back(box);
  h.sim.schedule(t, core::Priority{0}, h.sim.add_handler<&Box::on>(box.get()));
}

TEST(Recorder, EventsCountInTheWindowAndOutcomesByTheIssuesCohort) {
  // Warm-up of one day: an issue created before it is not in the cohort, but its resolution
  // during the window is a "solved this year" event.
  Harness h(one_unit(kStaff, "", R"({"horizon_days": 10, "warmup_days": 1, "replications": 1, "seed": 3})"));
  std::vector<std::shared_ptr<void>> keep;
  std::uint32_t early = 0, late = 0;
  early = h.issue();
  at(h, keep, 30, [&] { late = h.issue(); });
  at(h, keep, 40, [&] {
    for (auto s : {early, late}) {
      h.rec.closed(h.issues[s], model::Outcome::kResolved, h.sim.now());
      h.issues.free_slot(s);
    }
  });
  h.run(240);
  const auto r = h.rec.finish(h.issues, h.sim.events(), 0, "p", "s");
  EXPECT_FALSE(h.issues[early].in_window);
  EXPECT_EQ(r.created_all, 2u);
  EXPECT_EQ(r.created, 1u);   // the cohort: created after the warm-up
  EXPECT_EQ(r.resolved, 1u);
  EXPECT_DOUBLE_EQ(r.time_to_resolve.mean(), 10.0);  // the late one's, 40 - 30
  EXPECT_EQ(r.solved_by_category[0], 2u);  // both solved in the window
  EXPECT_EQ(r.resolved_all, 2u);
}

TEST(Recorder, AnIssueUnaccountedForBreaksConservation) {
  Harness h(one_unit(kStaff));
  const auto a = h.issue();
  h.issues.free_slot(a);  // gone from the table without being closed
  try {
    h.rec.finish(h.issues, 0, 0, "tiered", "t");
    FAIL() << "no error";
  } catch (const ModelError& e) {
    EXPECT_STREQ(e.what(),
                 "policy 'tiered': conservation broken in replication 0 of 't': created 1 != resolved 0 + closed 0 + "
                 "withdrawn 0 + open 0 (tracked open 1, in backlog 1, discovered 0)");
  }
}

TEST(Recorder, BusyHoursAreCountedOnlyInsideTheWindow) {
  Harness h(one_unit(kStaff, "", R"({"horizon_days": 2, "warmup_days": 1, "replications": 1, "seed": 3})"));
  const model::PoolSpec& pool = h.world.pools[0];
  h.rec.busy(pool, 20, 30);  // 6 h after the warm-up ends at 24
  h.rec.busy(pool, 40, 60);  // 8 h before the horizon at 48
  EXPECT_DOUBLE_EQ(h.rec.result().utilisation[0].busy_hours, 14.0);
  EXPECT_DOUBLE_EQ(h.rec.result().utilisation[0].available_hours, 24.0);
}

}  // namespace
}  // namespace govsim::test
