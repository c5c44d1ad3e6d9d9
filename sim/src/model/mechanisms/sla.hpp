#pragma once
// Service-level clocks (scenario "sla"): each issue's clock starts at discovery and runs in
// wall-clock hours or a calendar's working hours; a warning at a share of the limit, then the
// breach, each told to the policy (on_sla_event). Measures compliance: resolved within the limit.
#include <cstdint>
#include <limits>
#include <vector>

#include "model/mechanism.hpp"

namespace govsim::model {

class SlaClocks final : public Mechanism {
 public:
  SlaClocks(const Env& env, const SlaSpec& spec);

  unsigned hooks() const override { return kOnDiscovered | kOnClosed; }
  void reserve(std::size_t slots) override { state_.resize(slots); }
  void on_discovered(std::uint32_t slot) override;
  void on_closed(std::uint32_t slot, Outcome outcome) override;

 private:
  struct State {
    core::EventId next;  // the warning, then the breach
    double due = std::numeric_limits<double>::infinity();
    bool warned = false;
  };
  void on_event(const core::Event& e);

  Env env_;
  const SlaSpec& spec_;
  std::vector<State> state_;
  std::uint32_t kind_;
};

}  // namespace govsim::model
