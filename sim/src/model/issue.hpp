#pragma once
// The lifecycle core of an issue, which every mechanism may read: what the policy sees, where it
// is, whether it waits (and in which mechanism) and the figures its record needs. Each mechanism
// keeps its own per-issue state in a side table indexed by the same slot.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "govsim/plugin/policy.hpp"

namespace govsim::model {

using CategoryId = plugin::CategoryId;
inline constexpr std::uint32_t kNoSlot = std::numeric_limits<std::uint32_t>::max();

struct Issue {
  plugin::IssueView v;  // id, category, assessed severity, unit, origin, attempts, created, waiting, ...
  double first_response;  // -1 before the first attempt
  double enqueued;        // when it joined its current handling (for waits)
  double satisfaction;    // the residents' accepted rating, -1 if none
  double decided_at;      // the instant of the latest policy decision on it
  std::uint32_t decisions_now;  // decisions at that instant
  std::uint32_t token;    // the token of its current wait (0 when not waiting): stale entries differ
  std::uint32_t waits;    // queues joined so far (keys the patience draws)
  std::uint8_t severity;  // the true severity (outcomes depend on it)
  std::uint8_t holder;    // while waiting: the index of the mechanism it waits in
  std::int16_t visit_level;  // level of the issue's last visit (FlowCounts), -1 before the first
  bool is_discovered, awaiting_discovery, in_window, last_success, live;
  bool last_by_meeting;  // the latest attempt was a meeting's (the parties at the table)
};

/// A place in a queue or agenda: the issue's slot and the token of that particular wait. An issue
/// that left early changes its token, so its old entry is skipped when reached.
struct QueueEntry {
  std::uint32_t slot, token;
};

/// The issue table: slots reused after close, wait tokens, and the issue an error should name.
class Issues {
 public:
  /// Who is told when the table grows (side tables follow) or would outgrow its memory.
  class Owner {
   public:
    virtual ~Owner() = default;
    virtual void grown(std::size_t capacity) = 0;
    [[noreturn]] virtual void full() = 0;
  };
  Issues(Owner& owner, std::size_t max_slots) : owner_(owner), max_slots_(max_slots) {}

  Issue& operator[](std::uint32_t slot) { return all_[slot]; }
  const Issue& operator[](std::uint32_t slot) const { return all_[slot]; }
  std::size_t size() const { return all_.size(); }
  const std::vector<Issue>& all() const { return all_; }

  /// A new issue of `category` created at `now`, in a free slot with its lifecycle fields reset
  /// (the next id; not yet placed, discovered or counted).
  std::uint32_t create(CategoryId category, double now) {
    std::uint32_t slot;
    if (!free_.empty()) {
      slot = free_.back();
      free_.pop_back();
    } else {
      if (all_.size() >= max_slots_) owner_.full();
      all_.emplace_back();
      slot = static_cast<std::uint32_t>(all_.size() - 1);
      if (all_.size() > capacity_) owner_.grown(capacity_ = std::max<std::size_t>(64, capacity_ * 2));
    }
    Issue& is = all_[slot];
    is.v.attempts = is.v.attempts_here = is.v.escalations = is.v.reworks = is.v.referrals = is.v.reopens = 0;
    is.v.referred_from = plugin::kNoUnit;
    is.v.waiting = is.v.in_service = false;
    is.v.id = next_id_++;
    is.v.category = category;
    is.v.created = now;
    is.v.discovered = -1;
    is.token = is.waits = 0;
    is.satisfaction = is.first_response = is.decided_at = -1;
    is.decisions_now = 0;
    is.visit_level = -1;
    is.is_discovered = is.awaiting_discovery = is.last_success = is.last_by_meeting = false;
    is.live = true;
    return slot;
  }
  void free_slot(std::uint32_t slot) {
    all_[slot].live = false;
    free_.push_back(slot);
  }

  /// The issue starts waiting in mechanism `holder`; returns its new wait token.
  std::uint32_t begin_wait(Issue& is, std::uint8_t holder) {
    if (++next_token_ == 0) ++next_token_;
    is.token = next_token_;
    is.holder = holder;
    is.v.waiting = true;
    return is.token;
  }
  static void end_wait(Issue& is) {
    is.token = 0;
    is.v.waiting = false;
  }

  /// The issue being worked on, named by error messages (kNoSlot: none).
  void focus(std::uint32_t slot) { current_ = slot; }
  std::uint32_t current() const { return current_; }

 private:
  Owner& owner_;
  std::size_t max_slots_, capacity_ = 0;
  std::vector<Issue> all_;
  std::vector<std::uint32_t> free_;
  std::uint64_t next_id_ = 0;
  std::uint32_t next_token_ = 0;
  std::uint32_t current_ = kNoSlot;
};

}  // namespace govsim::model
