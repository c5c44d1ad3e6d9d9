#pragma once
// Streaming statistics: Welford mean/variance, a log-bucketed histogram for quantiles in fixed
// memory, and Student-t confidence intervals over replications.
#include <bit>
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

/// A mean without the division per sample (hot path: one add per issue).
class MeanAccumulator {
 public:
  void add(double x) {
    sum_ += x;
    ++n_;
  }
  std::uint64_t count() const { return n_; }
  double mean() const { return n_ ? sum_ / static_cast<double>(n_) : 0.0; }

 private:
  double sum_ = 0;
  std::uint64_t n_ = 0;
};

/// Quantiles of non-negative values in fixed memory: each doubling [2^e, 2^(e+1)) is split into
/// kSubBuckets equal buckets read straight off the double's exponent and top mantissa bits (no
/// log), so the relative error is below 1/(2*kSubBuckets) ≈ 0.4%. Values below 2^kMinExponent
/// (≈ 0.001 hours) share bucket 0; values above 2^(kMaxExponent+1) share the last one.
class LogHistogram {
 public:
  static constexpr int kSubBits = 7;
  static constexpr int kSubBuckets = 1 << kSubBits;
  static constexpr int kMinExponent = -10;
  static constexpr int kMaxExponent = 30;
  LogHistogram() : counts_(2 + kSubBuckets * (kMaxExponent - kMinExponent + 1), 0) {}
  void add(double x) {
    ++total_;
    ++counts_[bucket(x)];
  }
  std::uint64_t count() const { return total_; }
  /// q in [0, 1]; 0 if empty.
  double quantile(double q) const;

 private:
  static std::size_t bucket(double x);
  static double bucket_value(std::size_t i);
  std::vector<std::uint64_t> counts_;
  std::uint64_t total_ = 0;
};

struct Interval95 {
  double mean = 0, half_width = 0, low = 0, high = 0;
  std::uint64_t n = 0;
};
/// Mean with a two-sided confidence interval (Student t, `level` e.g. 0.95) from replications.
inline std::size_t LogHistogram::bucket(double x) {
  if (!(x >= 0x1.0p-10)) return 0;  // also NaN
  const auto bits = std::bit_cast<std::uint64_t>(x);
  const int exponent = static_cast<int>((bits >> 52) & 0x7FF) - 1023;
  if (exponent > kMaxExponent) return static_cast<std::size_t>(1 + kSubBuckets * (kMaxExponent - kMinExponent + 1));
  const auto sub = static_cast<std::size_t>((bits >> (52 - kSubBits)) & (kSubBuckets - 1));
  return 1 + static_cast<std::size_t>(exponent - kMinExponent) * kSubBuckets + sub;
}

Interval95 confidence_interval(const std::vector<double>& samples, double level = 0.95);
/// Two-sided Student-t critical value for n-1 degrees of freedom.
double t_critical(std::uint64_t n, double level);

}  // namespace govsim::core
