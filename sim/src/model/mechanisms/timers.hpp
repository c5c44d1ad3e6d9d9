#pragma once
// Policy timers and parking. Any answer that leaves an issue open may carry a timer (with_timer):
// when it runs out the policy's on_timer decides. An issue has at most one timer; a new one
// replaces it and closing the issue cancels it. wait() parks the issue, holding nothing, until its
// timer; keep() and expedite() are answers to a timer (or SLA event) only.
#include <cstdint>
#include <vector>

#include "model/mechanism.hpp"

namespace govsim::model {

class Timers final : public Mechanism {
 public:
  explicit Timers(const Env& env);

  std::vector<plugin::ActionKind> actions() const override {
    return {plugin::ActionKind::kKeep, plugin::ActionKind::kExpedite, plugin::ActionKind::kWait};
  }
  void carry_out(std::uint32_t slot, const plugin::Action& action, const Decision& d) override;
  unsigned hooks() const override { return kOnMoved; }
  void reserve(std::size_t slots) override { state_.resize(slots); }
  void on_moved(std::uint32_t slot) override;
  /// The issue closes: its timer is cancelled. (The engine calls this on every close, directly:
  /// any answer may set a timer, so every scenario has timers.)
  void closed(std::uint32_t slot) {
    State& st = state_[slot];
    env_.sim.cancel(st.timer);
    st = State{};
  }

  /// Sets (or replaces) the timer as `action` asks.
  void set(std::uint32_t slot, const plugin::Action& action);
  bool parked(std::uint32_t slot) const { return state_[slot].parked; }

 private:
  struct State {
    std::uint32_t tag = 0;
    core::EventId timer;
    bool parked = false;  // wait(): holds nothing until its timer
  };
  void on_timer(const core::Event& e);

  Env env_;
  std::vector<State> state_;
  std::uint32_t kind_;
};

}  // namespace govsim::model
