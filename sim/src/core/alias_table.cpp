#include "govsim/core/alias_table.hpp"

#include <cmath>
#include <stdexcept>

namespace govsim::core {

AliasTable::AliasTable(const std::vector<double>& weights) {
  const std::size_t n = weights.size();
  double total = 0;
  for (double w : weights) {
    if (!(w >= 0) || !std::isfinite(w)) throw std::invalid_argument("expected finite weights >= 0");
    total += w;
  }
  if (n == 0 || !(total > 0)) throw std::invalid_argument("expected weights with a positive sum");
  prob_.assign(n, 0.0);
  alias_.assign(n, 0);
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small, large;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] * static_cast<double>(n) / total;
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    const std::uint32_t s = small.back(), l = large.back();
    small.pop_back();
    prob_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] -= 1.0 - scaled[s];
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // What is left is 1 up to rounding.
  for (std::uint32_t i : large) prob_[i] = 1.0, alias_[i] = i;
  for (std::uint32_t i : small) prob_[i] = 1.0, alias_[i] = i;
}

}  // namespace govsim::core
