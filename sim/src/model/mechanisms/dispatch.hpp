#pragma once
// Dispatch to volunteers (FIELD-NOTES §2: "residents order, the community dispatches, party
// members take the order"): dispatch(role) offers the issue to a free member of the pool — one at
// a time (directed) or to every free one at once (grab). Each answers after a reply delay, accepting
// with the role's chance; a member is held until the answer. An accepted order starts an attempt;
// a declined one goes back to the policy (on_dispatch_declined).
#include <cstdint>
#include <vector>

#include "model/mechanism.hpp"
#include "model/mechanisms/staff_pools.hpp"

namespace govsim::model {

class Dispatch final : public Mechanism, public PoolClient {
 public:
  Dispatch(const Env& env, StaffPools& pools);

  std::vector<plugin::ActionKind> actions() const override { return {plugin::ActionKind::kDispatch}; }
  void carry_out(std::uint32_t slot, const plugin::Action& action, const Decision& d) override;
  void reserve(std::size_t slots) override { state_.resize(slots); }
  void release(std::uint32_t slot) override;  // withdraws the offer from the volunteer considering it
  /// A free volunteer of `pool` gets the issue's order (grab: every free one).
  void take_up(std::uint32_t slot, std::uint32_t pool) override;

 private:
  struct State {  // per issue, reset when another issue takes the slot (issue id + 1; 0 = none)
    std::uint64_t issue = 0;
    std::uint32_t offers = 0;     // declined offers since the dispatch
    std::uint32_t offer_seq = 0;  // offers made so far (keys the answers)
    std::uint32_t pool = 0;
    bool grab = false, pending = false, accepted = false;
  };
  void on_reply(const core::Event& e);

  Env env_;
  StaffPools& pools_;
  std::vector<State> state_;
  std::uint32_t reply_;  // event kind
};

}  // namespace govsim::model
