#pragma once
// The pending-event set: a binary heap ordered by (time, priority, sequence number), so events at the
// same time run in a fixed order — named priority first, then the order they were scheduled in.
// Events are plain data (kind + two payload words); the Simulator dispatches on `kind`. Cancellation is
// lazy and only for events scheduled as cancellable: cancelling frees the event's slot and the
// stale heap entry is skipped when it reaches the top.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

namespace govsim::core {

/// Same-time order: lower runs first. The values are the user's (the model names them, e.g. a
/// release runs before a seize); the queue only compares them.
enum class Priority : std::uint8_t {};

struct Event {
  double time = 0;
  std::uint32_t kind = 0;
  std::uint32_t a = 0;  // payload, meaning set by the handler (e.g. an issue's slot)
  std::uint32_t b = 0;  // payload
};

/// Handle for cancelling a scheduled event.
struct EventId {
  std::uint32_t slot = std::numeric_limits<std::uint32_t>::max();
  std::uint64_t seq = 0;
  bool valid() const { return slot != std::numeric_limits<std::uint32_t>::max(); }
};

class EventQueue {
 public:
  /// Schedules an event that will not be cancelled (the fast path: no slot bookkeeping).
  void schedule(double time, Priority priority, std::uint32_t kind, std::uint32_t a = 0, std::uint32_t b = 0) {
    push(Entry{time, make_key(priority), kind, a, b, kNoSlot});
  }
  /// Schedules an event and returns a handle for cancel().
  EventId schedule_cancellable(double time, Priority priority, std::uint32_t kind, std::uint32_t a = 0,
                               std::uint32_t b = 0);
  /// Cancels a pending event; returns false if it already ran or was cancelled.
  bool cancel(EventId id);
  /// True when no live event is pending.
  bool empty() {
    skip_stale();
    return heap_.empty();
  }
  /// Time of the next live event; requires !empty().
  double next_time() {
    skip_stale();
    return heap_.front().time;
  }
  /// Removes and returns the next live event; requires !empty().
  Event pop() {
    skip_stale();
    return take_top();
  }
  /// Pops the next live event into `out`; false when none is left (one heap check, not two).
  bool pop_next(Event& out) {
    skip_stale();
    if (heap_.empty()) return false;
    out = take_top();
    return true;
  }
  std::size_t size_hint() const { return heap_.size(); }
  /// The largest number of entries the heap has held.
  std::size_t peak_size() const { return peak_; }
  std::uint64_t scheduled_count() const { return seq_; }
  void clear();

 private:
  friend class Simulator;
  /// Time and ordering key of the next live event; false when none is left. With reserve_key(),
  /// this lets the Simulator merge a time-ordered source (e.g. arrivals) into the queue's order.
  bool peek(double& time, std::uint64_t& key) {
    skip_stale();
    if (heap_.empty()) return false;
    time = heap_.front().time;
    key = heap_.front().key;
    return true;
  }
  /// The ordering key an event of `priority` scheduled now would get (consumes a sequence number).
  std::uint64_t reserve_key(Priority priority) { return make_key(priority); }

  static constexpr std::uint32_t kNoSlot = std::numeric_limits<std::uint32_t>::max();
  static constexpr std::uint64_t kSeqMask = (1ull << 56) - 1;
  static constexpr std::size_t kCompactAt = 4096;  // cancelled entries tolerated before compacting
  // 32-byte heap entries carry their payload. A cancellable event also owns a slot, which records
  // the sequence number of the live event in it; cancelling clears it, and the entry is skipped.
  struct Entry {
    double time;
    std::uint64_t key;  // priority in the top 8 bits, sequence number below
    std::uint32_t kind, a, b;
    std::uint32_t slot;
  };
  static bool before(const Entry& x, const Entry& y) {
    return x.time < y.time || (x.time == y.time && x.key < y.key);
  }
  std::uint64_t make_key(Priority priority) {
    return (static_cast<std::uint64_t>(priority) << 56) | (++seq_ & kSeqMask);
  }
  bool stale(const Entry& e) const { return e.slot != kNoSlot && live_seq_[e.slot] != (e.key & kSeqMask); }
  void push(const Entry& e);
  void skip_stale() {
    while (!heap_.empty() && stale(heap_.front())) {
      pop_top();
      --stale_;
    }
  }
  /// Drops the cancelled entries and rebuilds the heap (the order of the live events is their
  /// (time, key) order, unique, so it does not change).
  void compact();
  void pop_top();
  Event take_top();
  void release_slot(std::uint32_t slot) {
    live_seq_[slot] = 0;
    free_slots_.push_back(slot);
  }

  std::vector<Entry> heap_;
  std::vector<std::uint64_t> live_seq_;  // per slot: sequence number of its live event, 0 if none
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t seq_ = 0;  // sequence numbers start at 1, so 0 means "no event"
  std::size_t peak_ = 0;
  std::size_t stale_ = 0;  // cancelled entries still in the heap
};

[[gnu::always_inline]] inline void EventQueue::push(const Entry& e) {
  // A NaN time would break the heap's order and the clock: never let one in.
  if (e.time != e.time) [[unlikely]]
    throw std::domain_error("an event was scheduled at a time that is not a number");
  // Sift up with a hole.
  std::size_t i = heap_.size();
  heap_.push_back(e);
  if (heap_.size() > peak_) peak_ = heap_.size();
  while (i > 0) {
    const std::size_t parent = (i - 1) / 2;
    if (!before(e, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = e;
}

inline EventId EventQueue::schedule_cancellable(double time, Priority priority, std::uint32_t kind,
                                                std::uint32_t a, std::uint32_t b) {
  std::uint32_t slot;
  if (free_slots_.empty()) {
    slot = static_cast<std::uint32_t>(live_seq_.size());
    live_seq_.push_back(0);
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  const Entry e{time, make_key(priority), kind, a, b, slot};
  live_seq_[slot] = e.key & kSeqMask;
  push(e);
  return EventId{slot, e.key & kSeqMask};
}

inline bool EventQueue::cancel(EventId id) {
  if (!id.valid() || id.slot >= live_seq_.size() || id.seq == 0 || live_seq_[id.slot] != id.seq) return false;
  release_slot(id.slot);
  // Cancelled entries stay in the heap until they reach its top; when they are most of it (events
  // planned again and again far ahead), they are dropped at once, so the heap stays the size of
  // what is live.
  if (++stale_ > kCompactAt && 2 * stale_ > heap_.size()) compact();
  return true;
}

inline void EventQueue::compact() {
  std::erase_if(heap_, [this](const Entry& e) { return stale(e); });
  std::make_heap(heap_.begin(), heap_.end(), [](const Entry& x, const Entry& y) { return before(y, x); });
  stale_ = 0;
}

inline void EventQueue::pop_top() {
  const Entry last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  if (n == 0) return;
  std::size_t i = 0;
  for (;;) {
    std::size_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && before(heap_[child + 1], heap_[child])) ++child;
    if (!before(heap_[child], last)) break;
    heap_[i] = heap_[child];
    i = child;
  }
  heap_[i] = last;
}

inline Event EventQueue::take_top() {
  const Entry top = heap_.front();
  pop_top();
  if (top.slot != kNoSlot) release_slot(top.slot);
  return Event{top.time, top.kind, top.a, top.b};
}

inline void EventQueue::clear() {
  heap_.clear();
  live_seq_.clear();
  free_slots_.clear();
  seq_ = 0;
  peak_ = 0;
  stale_ = 0;
}

}  // namespace govsim::core
