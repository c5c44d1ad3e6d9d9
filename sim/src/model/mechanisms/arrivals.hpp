#pragma once
// Arrivals and discovery: issues of each category arise as a Poisson process whose rate follows
// the households, the month, the weekday, the hour, surges and daily over-dispersion (a
// piecewise-constant rate: one unit exponential per arrival, carried across pieces). Each issue's
// leaf unit, severity, assessed severity and discovery channel come from its own keyed stream, so
// every policy sees the same issues; it reaches the policy when discovered.
//
// Arrivals are the kernel's source: one pending arrival per category, kept outside the event heap
// and merged into its order, so an arrival costs no heap operation.
#include <cstdint>
#include <vector>

#include "model/mechanism.hpp"

namespace govsim::model {

class Duties;

class Arrivals final : public Mechanism {
 public:
  explicit Arrivals(const Env& env);
  /// Issues found by visits or patrols wait in `d` (set when the scenario has duties).
  void set_duties(Duties* d) { duties_ = d; }

  void start() override;
  /// The next arrival (the kernel's source): false when none is left before the horizon.
  bool pending(double& time, std::uint64_t& key) const {
    if (next_ == kNone) return false;
    time = cats_[next_].t;
    key = cats_[next_].key;
    return true;
  }
  /// Creates the next arrival's issue; returns its slot when it is discovered at once (the caller
  /// then discovers it), else kNoSlot (its discovery is scheduled).
  std::uint32_t fire();

 private:
  static constexpr std::uint32_t kNone = 0xFFFF'FFFFu;
  struct Category {
    core::Xoshiro256pp rng;
    core::Xoshiro256pp dispersion_rng;
    double base_rate = 0;  // per hour over all households, before profiles
    double t = 0, piece_end = 0, rate = 0, inv_rate = 0;
    std::uint64_t key = 0;  // ordering key of the pending arrival at t
    bool pending = false;
    long day = -1;
    double daily = 1;
  };
  void set_piece(Category& a, const CategorySpec& cat, double t);
  void schedule_next(CategoryId c);
  void update_next();
  void on_discovery(const core::Event& e);

  Env env_;
  Duties* duties_ = nullptr;
  double households_ = 0;
  std::vector<Category> cats_;
  std::uint32_t next_ = kNone;  // the category of the next arrival
  std::uint32_t discovered_;    // event kind
};

}  // namespace govsim::model
