#pragma once
// Joint handling (summon, "the whistle"): departments linked to the issue's unit by `summons`
// each handle a part in parallel, in their own pools' queues; the attempt ends when every part has
// reported — or, with a quorum k, when k parts have — and succeeds when every part that reported
// did (each within its unit's authority). Parts still out after a quorum finish their work (the
// departments' time is spent) and their reports are ignored. Which units take
// part comes from the issue's own stream, cycling when more parts are asked than units are linked.
#include <cstdint>
#include <vector>

#include "model/mechanism.hpp"
#include "model/mechanisms/staff_pools.hpp"

namespace govsim::model {

class JointHandling final : public Mechanism, public PoolClient {
 public:
  JointHandling(const Env& env, StaffPools& pools);

  std::vector<plugin::ActionKind> actions() const override { return {plugin::ActionKind::kSummon}; }
  void carry_out(std::uint32_t slot, const plugin::Action& action, const Decision& d) override;
  void reserve(std::size_t slots) override { joint_.resize(slots); }
  /// A free staff member of `pool` takes up part `part`.
  void take_up(std::uint32_t part, std::uint32_t pool) override;

 private:
  struct Part {
    std::uint32_t issue;   // slot
    std::uint32_t serial;  // of the joint handling it belongs to
    std::uint64_t id;      // the issue's id, category and the part's draw key, kept for a part
    std::uint64_t key;     // that outlives its joint handling (after a quorum)
    CategoryId category;
    double service;
  };
  struct Joint {  // per issue: parts reported, needed, asked; the longest part; whether all reported
    std::uint32_t reported = 0, needed = 0, total = 0;  // were within authority and succeeded
    std::uint32_t serial = 0;                           // 0: none open
    double service = 0;
    bool within = true, success = true;
  };
  // Draw keys of part k of the issue's current attempt, apart from those of ordinary attempts.
  static std::uint64_t part_key(const Issue& is, std::uint32_t k) {
    return (1ull << 40) | (static_cast<std::uint64_t>(is.v.attempts) << 12) | k;
  }
  void on_part_done(const core::Event& e);

  Env env_;
  StaffPools& pools_;
  std::vector<Joint> joint_;
  std::vector<Part> parts_;
  std::vector<std::uint32_t> free_parts_;
  std::vector<UnitId> pick_;               // scratch: the units a joint handling summons
  std::vector<std::uint32_t> part_pools_;  // scratch: their pools
  std::uint32_t done_;  // event kind
  std::uint32_t serial_ = 0;  // joint handlings started
};

}  // namespace govsim::model
