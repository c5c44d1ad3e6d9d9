#pragma once
// Disputes that fester (a category's "festering"): while an issue waits undiscovered, its
// severity grows by one every `every_days` days, up to `max_severity`. The growth is applied when
// the issue is found, before the policy sees it: its true severity (what the outcomes depend on)
// and the assessed one (what the policy reads) both grow. So discovery that slips — visits that
// fall behind, a reception day a month away — costs more than time.
#include <cstdint>

#include "model/mechanism.hpp"

namespace govsim::model {

class Festering final : public Mechanism {
 public:
  explicit Festering(const Env& env) : env_(env) {}

  unsigned hooks() const override { return kOnDiscovered; }
  void on_discovered(std::uint32_t slot) override;

 private:
  Env env_;
};

}  // namespace govsim::model
