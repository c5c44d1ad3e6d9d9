#pragma once
// The pending-event set: a binary heap ordered by (time, priority, sequence number), so events at the
// same time run in a fixed order — named priority first, then the order they were scheduled in.
// Events are plain data (kind + two payload words); the engine dispatches on `kind`. Cancellation is
// lazy: a cancelled event's slot changes generation and the stale heap entry is skipped on pop.
#include <cstdint>
#include <limits>
#include <vector>

namespace govsim::core {

/// Same-time order. Lower runs first: a release (attempt done) frees staff before new work seizes it.
enum class Priority : std::uint8_t {
  kRelease = 0,
  kCalendar = 1,
  kArrival = 2,
  kDiscovery = 3,
  kTimer = 4,
  kSample = 5,
  kControl = 6,
};

struct Event {
  double time = 0;
  std::uint32_t kind = 0;
  std::uint32_t a = 0;  // payload, meaning set by the engine (e.g. issue slot)
  std::uint32_t b = 0;  // payload
};

/// Handle for cancelling a scheduled event.
struct EventId {
  std::uint32_t slot = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t generation = 0;
  bool valid() const { return slot != std::numeric_limits<std::uint32_t>::max(); }
};

class EventQueue {
 public:
  EventId schedule(double time, Priority priority, std::uint32_t kind, std::uint32_t a = 0,
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
  Event pop();
  /// Pops the next live event into `out`; false when none is left (one heap check, not two).
  bool pop_next(Event& out) {
    skip_stale();
    if (heap_.empty()) return false;
    out = take_top();
    return true;
  }
  std::size_t size_hint() const { return heap_.size(); }
  std::uint64_t scheduled_count() const { return seq_; }
  void clear();

 private:
  // The heap holds 24-byte entries; payloads stay put in per-slot storage.
  struct Entry {
    double time;
    std::uint64_t key;  // priority in the top 8 bits, sequence number below
    std::uint32_t slot;
    std::uint32_t generation;
  };
  struct Payload {
    std::uint32_t kind, a, b;
  };
  static bool before(const Entry& x, const Entry& y) {
    return x.time < y.time || (x.time == y.time && x.key < y.key);
  }
  void skip_stale();
  void pop_top();
  Event take_top();
  void release_slot(std::uint32_t slot);

  std::vector<Entry> heap_;
  std::vector<std::uint32_t> generation_;  // per slot
  std::vector<Payload> payload_;           // per slot
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t seq_ = 0;
};

[[gnu::always_inline]] inline EventId EventQueue::schedule(double time, Priority priority, std::uint32_t kind,
                                    std::uint32_t a, std::uint32_t b) {
  std::uint32_t slot;
  if (free_slots_.empty()) {
    slot = static_cast<std::uint32_t>(generation_.size());
    generation_.push_back(0);
    payload_.emplace_back();
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  const std::uint64_t key = (static_cast<std::uint64_t>(priority) << 56) | (seq_++ & ((1ull << 56) - 1));
  payload_[slot] = Payload{kind, a, b};
  Entry e{time, key, slot, generation_[slot]};
  // Sift up with a hole.
  std::size_t i = heap_.size();
  heap_.push_back(e);
  while (i > 0) {
    std::size_t parent = (i - 1) / 2;
    if (!before(e, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = e;
  return EventId{slot, e.generation};
}

inline void EventQueue::release_slot(std::uint32_t slot) {
  ++generation_[slot];
  free_slots_.push_back(slot);
}

inline bool EventQueue::cancel(EventId id) {
  if (!id.valid() || id.slot >= generation_.size() || generation_[id.slot] != id.generation) return false;
  release_slot(id.slot);
  return true;
}

inline void EventQueue::pop_top() {
  Entry last = heap_.back();
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

inline void EventQueue::skip_stale() {
  while (!heap_.empty() && heap_.front().generation != generation_[heap_.front().slot]) pop_top();
}

inline Event EventQueue::pop() {
  skip_stale();
  return take_top();
}

inline Event EventQueue::take_top() {
  const Entry top = heap_.front();
  pop_top();
  release_slot(top.slot);
  const Payload& p = payload_[top.slot];
  return Event{top.time, p.kind, p.a, p.b};
}

inline void EventQueue::clear() {
  heap_.clear();
  generation_.clear();
  payload_.clear();
  free_slots_.clear();
  seq_ = 0;
}

}  // namespace govsim::core
