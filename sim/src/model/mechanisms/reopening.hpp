#pragma once
// Residents who reopen a resolved issue (a category's "reopen"): when a resolve() is accepted (after
// the residents' evaluation, if any), it is reopened with the category's share while the issue has
// been reopened fewer than `max` times. Then the issue does not close: it lies dormant at its unit —
// in no queue, holding no staff, its policy timer cancelled — until a uniform time within
// `within_days`, when the policy's on_reopen decides. Its time to resolve runs on meanwhile: it was
// not solved. A move while dormant (an SLA breach answered with escalate) wakes it early.
#include <cstdint>
#include <vector>

#include "model/mechanism.hpp"

namespace govsim::model {

class Reopening final : public Mechanism {
 public:
  explicit Reopening(const Env& env);

  unsigned hooks() const override { return kGateResolve | kOnClosed | kOnMoved; }
  void reserve(std::size_t slots) override { wake_.resize(slots); }
  bool gate_resolve(std::uint32_t slot, Decision& d, plugin::Action& next) override;
  void on_closed(std::uint32_t slot, Outcome) override { cancel(slot); }
  void on_moved(std::uint32_t slot) override { cancel(slot); }

 private:
  void cancel(std::uint32_t slot) {
    env_.sim.cancel(wake_[slot]);
    wake_[slot] = core::EventId{};
  }
  void on_wake(const core::Event& e);

  Env env_;
  std::vector<core::EventId> wake_;  // per issue: its reopening, while dormant
  std::uint32_t kind_;
};

}  // namespace govsim::model
