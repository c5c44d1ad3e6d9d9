#pragma once
// Streaming statistics: Welford mean/variance, a log-bucketed histogram for quantiles in fixed
// memory, and Student-t confidence intervals over replications.
#include <cstdint>
#include <vector>

namespace govsim::core {

class RunningStats {
 public:
  void add(double x) {
    ++n_;
    const double d = x - mean_;
    mean_ += d / static_cast<double>(n_);
    m2_ += d * (x - mean_);
  }
  std::uint64_t count() const { return n_; }
  double mean() const { return n_ ? mean_ : 0.0; }
  double variance() const { return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : 0.0; }

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0, m2_ = 0;
};

/// Quantiles of non-negative values with relative error below 1/(2*kSubBuckets) (≈ 0.4%) and
/// absolute resolution kMinValue near zero, in fixed memory. Values are hours.
class LogHistogram {
 public:
  static constexpr double kMinValue = 1e-3;
  static constexpr int kSubBuckets = 128;  // per doubling
  static constexpr int kOctaves = 40;      // up to 1e-3 * 2^40 hours
  LogHistogram() : counts_(1 + kSubBuckets * kOctaves, 0) {}
  void add(double x);
  std::uint64_t count() const { return total_; }
  /// q in [0, 1]; 0 if empty.
  double quantile(double q) const;

 private:
  std::vector<std::uint64_t> counts_;
  std::uint64_t total_ = 0;
};

struct Interval95 {
  double mean = 0, half_width = 0, low = 0, high = 0;
  std::uint64_t n = 0;
};
/// Mean with a two-sided confidence interval (Student t, `level` e.g. 0.95) from replications.
Interval95 confidence_interval(const std::vector<double>& samples, double level = 0.95);
/// Two-sided Student-t critical value for n-1 degrees of freedom.
double t_critical(std::uint64_t n, double level);

}  // namespace govsim::core
