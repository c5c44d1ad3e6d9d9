#include "model/mechanisms/dispatch.hpp"

#include <gtest/gtest.h>

#include "model/mechanisms/harness.hpp"

namespace govsim::test {
namespace {

using model::Decision;
using plugin::Action;

std::string volunteers(double accept) {
  return one_unit(R"("volunteer": {"level": "station", "count": 2, "service": {"dist": "deterministic", "value": 2},
                   "accept": )" + std::to_string(accept) + R"(, "reply_delay": {"dist": "deterministic", "value": 1}})");
}

struct DispatchTest : ::testing::Test {
  explicit DispatchTest(double accept) : h(volunteers(accept)) {}
  Harness h;
  model::StaffPools& pools = h.add(std::make_unique<model::StaffPools>(h.env));
  model::Dispatch& dispatch = h.add(std::make_unique<model::Dispatch>(h.env, pools));
};

struct Accepting : DispatchTest {
  Accepting() : DispatchTest(1.0) {}
};
struct Declining : DispatchTest {
  Declining() : DispatchTest(0.0) {}
};

TEST_F(Accepting, AnAcceptedOrderStartsAnAttemptAfterTheReply) {
  const auto a = h.issue();
  dispatch.carry_out(a, Action::dispatch(0), Decision{});
  EXPECT_EQ(pools.view(0).busy, 1u);  // the volunteer considering it is held
  EXPECT_TRUE(h.issues[a].v.waiting);
  h.run(100);
  const auto done = h.router.named("attempt_finished");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_DOUBLE_EQ(done[0].time, 3.0);  // 1 h to answer, 2 h of work
  EXPECT_EQ(h.rec.result().dispatched, 1u);
  EXPECT_EQ(h.rec.result().taken_by_volunteers, 1u);
}

TEST_F(Declining, ADeclinedOrderGoesBackToThePolicyWithItsCount) {
  const auto a = h.issue();
  dispatch.carry_out(a, Action::dispatch(0, plugin::DispatchMode::kGrab), Decision{});
  h.run(100);
  const auto declined = h.router.named("dispatch_declined");
  ASSERT_EQ(declined.size(), 1u);
  EXPECT_DOUBLE_EQ(declined[0].time, 1.0);
  EXPECT_EQ(declined[0].value, 1);
  EXPECT_EQ(pools.view(0).busy, 0u);
  EXPECT_EQ(h.rec.result().offers_declined, 1u);
  EXPECT_FALSE(h.issues[a].v.waiting);
}

TEST_F(Declining, AWithdrawnOfferFreesTheVolunteer) {
  const auto a = h.issue();
  dispatch.carry_out(a, Action::dispatch(0), Decision{});
  model::Issues::end_wait(h.issues[a]);
  dispatch.release(a);
  EXPECT_EQ(pools.view(0).busy, 0u);
  h.run(100);
  EXPECT_TRUE(h.router.named("dispatch_declined").empty());  // the answer came to nothing
}

TEST_F(Accepting, DispatchToARoleTheUnitLacksOrInAnUnknownModeIsAModelError) {
  const auto a = h.issue();
  try {
    dispatch.carry_out(a, Action::dispatch(5), Decision{});
    FAIL();
  } catch (const ModelError& e) {
    EXPECT_STREQ(e.what(), "the policy dispatched the issue to role '5' at unit 'station', which has no such staff");
  }
  Action odd = Action::dispatch(0);
  odd.target = 9;
  try {
    dispatch.carry_out(a, odd, Decision{});
    FAIL();
  } catch (const ModelError& e) {
    EXPECT_STREQ(e.what(), "the policy dispatched with an unknown mode 9");
  }
}

}  // namespace
}  // namespace govsim::test
