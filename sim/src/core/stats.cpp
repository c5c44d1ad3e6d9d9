#include "govsim/core/stats.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace govsim::core {

void LogHistogram::add(double x) {
  ++total_;
  if (!(x >= kMinValue)) {  // also catches NaN into bucket 0
    ++counts_[0];
    return;
  }
  const double octaves = std::log2(x / kMinValue);
  const long idx = 1 + static_cast<long>(octaves * kSubBuckets);
  ++counts_[std::min<long>(idx, static_cast<long>(counts_.size()) - 1)];
}

double LogHistogram::quantile(double q) const {
  if (total_ == 0) return 0;
  const double target = std::clamp(q, 0.0, 1.0) * static_cast<double>(total_);
  std::uint64_t acc = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    acc += counts_[i];
    if (static_cast<double>(acc) >= target && counts_[i] > 0) {
      if (i == 0) return 0;
      // Geometric midpoint of the bucket.
      return kMinValue * std::exp2((static_cast<double>(i - 1) + 0.5) / kSubBuckets);
    }
  }
  return kMinValue * std::exp2(static_cast<double>(kOctaves));
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
