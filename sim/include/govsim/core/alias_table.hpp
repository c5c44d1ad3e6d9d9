#pragma once
// Walker's alias method (Vose's construction): draws an index with probability proportional to
// its weight in O(1) — one uniform number and at most two table reads, whatever the table size.
// Used to place issues on leaf units by households, where a binary search over hundreds of
// thousands of leaves would miss the cache at every step.
#include <cstdint>
#include <vector>

namespace govsim::core {

class AliasTable {
 public:
  AliasTable() = default;
  /// Weights must be non-negative with a positive sum; throws std::invalid_argument otherwise.
  explicit AliasTable(const std::vector<double>& weights);
  std::size_t size() const { return prob_.size(); }
  /// Index for a uniform u in [0, 1).
  std::size_t sample(double u) const {
    const double x = u * static_cast<double>(prob_.size());
    std::size_t i = static_cast<std::size_t>(x);
    if (i >= prob_.size()) i = prob_.size() - 1;
    return (x - static_cast<double>(i)) < prob_[i] ? i : alias_[i];
  }

 private:
  std::vector<double> prob_;
  std::vector<std::uint32_t> alias_;
};

}  // namespace govsim::core
