#include "govsim/core/stats.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace govsim::core {

double LogHistogram::bucket_value(std::size_t i) {
  if (i == 0) return 0;
  const std::size_t k = i - 1;
  const int exponent = kMinExponent + static_cast<int>(k / kSubBuckets);
  const double sub = static_cast<double>(k % kSubBuckets);
  return std::ldexp(1.0 + (sub + 0.5) / kSubBuckets, exponent);  // bucket midpoint
}

double LogHistogram::quantile(double q) const {
  if (total_ == 0) return 0;
  const double target = std::clamp(q, 0.0, 1.0) * static_cast<double>(total_);
  std::uint64_t acc = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    acc += counts_[i];
    if (static_cast<double>(acc) >= target && counts_[i] > 0) return bucket_value(i);
  }
  return bucket_value(counts_.size() - 1);
}

double t_critical(std::uint64_t n, double level) {
  if (n < 2) return 0;
  boost::math::students_t dist(static_cast<double>(n - 1));
  return boost::math::quantile(dist, 0.5 + level / 2);
}

Interval95 confidence_interval(const std::vector<double>& samples, double level) {
  Interval95 r;
  RunningStats s;
  for (double x : samples) s.add(x);
  r.n = s.count();
  r.mean = s.mean();
  if (r.n >= 2) r.half_width = t_critical(r.n, level) * std::sqrt(s.variance() / static_cast<double>(r.n));
  r.low = r.mean - r.half_width;
  r.high = r.mean + r.half_width;
  return r;
}

}  // namespace govsim::core
