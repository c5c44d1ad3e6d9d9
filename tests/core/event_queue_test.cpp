#include "govsim/core/event_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

using govsim::core::EventQueue;
using govsim::core::Priority;

namespace {
// Priorities are the user's; the queue only orders them.
constexpr Priority kRelease{0}, kArrival{2}, kTimer{4}, kSample{5}, kControl{6};
}  // namespace

TEST(EventQueue, PopsInTimeOrder) {
  EventQueue q;
  std::mt19937_64 g(1);
  std::uniform_real_distribution<double> u(0, 1000);
  std::vector<double> times;
  for (int i = 0; i < 10000; ++i) {
    times.push_back(u(g));
    q.schedule(times.back(), kArrival, 0, static_cast<std::uint32_t>(i));
  }
  std::sort(times.begin(), times.end());
  for (double t : times) {
    ASSERT_FALSE(q.empty());
    EXPECT_EQ(q.pop().time, t);
  }
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, SameTimeOrderedByPriorityThenSchedulingOrder) {
  EventQueue q;
  q.schedule(5.0, kSample, 1, 0);
  q.schedule(5.0, kArrival, 2, 0);
  q.schedule(5.0, kRelease, 3, 0);
  q.schedule(5.0, kArrival, 4, 0);
  q.schedule(4.0, kControl, 5, 0);
  std::vector<std::uint32_t> kinds;
  while (!q.empty()) kinds.push_back(q.pop().kind);
  EXPECT_EQ(kinds, (std::vector<std::uint32_t>{5, 3, 2, 4, 1}));
}

TEST(EventQueue, CancelledEventsNeverPop) {
  EventQueue q;
  auto a = q.schedule_cancellable(1.0, kTimer, 1);
  auto b = q.schedule_cancellable(2.0, kTimer, 2);
  q.schedule(3.0, kTimer, 3);
  EXPECT_TRUE(q.cancel(b));
  EXPECT_FALSE(q.cancel(b)) << "cancelling twice must report false";
  EXPECT_EQ(q.pop().kind, 1u);
  EXPECT_FALSE(q.cancel(a)) << "an event that already ran cannot be cancelled";
  EXPECT_EQ(q.next_time(), 3.0);
  EXPECT_EQ(q.pop().kind, 3u);
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, ReusedSlotDoesNotResurrectCancelledEvent) {
  EventQueue q;
  auto a = q.schedule_cancellable(10.0, kTimer, 1);
  ASSERT_TRUE(q.cancel(a));
  auto b = q.schedule_cancellable(20.0, kTimer, 2);  // reuses a's slot
  EXPECT_EQ(b.slot, a.slot);
  EXPECT_FALSE(q.cancel(a)) << "a stale handle must not cancel the slot's new event";
  EXPECT_EQ(q.pop().kind, 2u);
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, MixedCancellableAndPlainEventsKeepOrder) {
  EventQueue q;
  auto x = q.schedule_cancellable(2.0, kTimer, 1);
  q.schedule(2.0, kTimer, 2);
  auto y = q.schedule_cancellable(1.0, kTimer, 3);
  q.schedule(1.0, kRelease, 4);
  EXPECT_TRUE(q.cancel(y));
  std::vector<std::uint32_t> kinds;
  while (!q.empty()) kinds.push_back(q.pop().kind);
  EXPECT_EQ(kinds, (std::vector<std::uint32_t>{4, 1, 2}));
  EXPECT_FALSE(q.cancel(x)) << "already ran";
}

TEST(EventQueue, RandomScheduleAndCancelMatchesReference) {
  EventQueue q;
  std::mt19937_64 g(42);
  std::vector<std::pair<double, std::uint32_t>> live;
  std::vector<std::pair<govsim::core::EventId, std::uint32_t>> handles;
  for (std::uint32_t i = 0; i < 5000; ++i) {
    const double t = std::uniform_real_distribution<double>(0, 100)(g);
    handles.emplace_back(q.schedule_cancellable(t, kTimer, 0, i), i);
    live.emplace_back(t, i);
    if (g() % 3 == 0) {
      const std::size_t k = g() % handles.size();
      if (q.cancel(handles[k].first)) {
        auto it = std::find_if(live.begin(), live.end(), [&](auto& p) { return p.second == handles[k].second; });
        live.erase(it);
      }
    }
  }
  std::stable_sort(live.begin(), live.end(), [](auto& x, auto& y) { return x.first < y.first; });
  for (const auto& [t, id] : live) {
    ASSERT_FALSE(q.empty());
    const auto e = q.pop();
    EXPECT_EQ(e.time, t);
    EXPECT_EQ(e.a, id);
  }
  EXPECT_TRUE(q.empty());
}

// An event planned again and again far ahead (cancelled and scheduled anew) leaves cancelled
// entries behind; when they are most of the heap they are dropped, and the live events still pop
// in their order, same-time ties by scheduling order.
TEST(EventQueue, ReplannedEventsDoNotGrowTheHeap) {
  EventQueue q;
  std::vector<govsim::core::EventId> h(10);
  for (std::uint32_t i = 0; i < 10; ++i) h[i] = q.schedule_cancellable(1000.0 + i % 3, kTimer, 0, i);
  for (std::uint32_t round = 0; round < 100'000; ++round) {
    const std::uint32_t i = round % 10;
    ASSERT_TRUE(q.cancel(h[i]));
    h[i] = q.schedule_cancellable(1000.0 + (round + i) % 3, kTimer, 0, i);
  }
  EXPECT_LE(q.size_hint(), 2 * 4096 + 10u);
  EXPECT_LE(q.peak_size(), 2 * 4096 + 10u);
  // Each event's last time, (99'990 + 2i) mod 3; ties in the order they were last scheduled (i).
  std::vector<std::pair<double, std::uint32_t>> want;
  for (std::uint32_t i = 0; i < 10; ++i) want.emplace_back(1000.0 + (99'990 + 2 * i) % 3, i);
  std::stable_sort(want.begin(), want.end(), [](auto& x, auto& y) { return x.first < y.first; });
  for (const auto& [t, i] : want) {
    ASSERT_FALSE(q.empty());
    const auto e = q.pop();
    EXPECT_EQ(e.time, t);
    EXPECT_EQ(e.a, i);
  }
  EXPECT_TRUE(q.empty());
}
