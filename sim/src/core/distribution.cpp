#include "govsim/core/distribution.hpp"

#include <algorithm>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace govsim::core {
namespace {
void require(bool ok, const std::string& expected) {
  if (!ok) throw std::invalid_argument(expected);
}
bool finite_positive(double x) { return std::isfinite(x) && x > 0; }

// A lognormal draw is exp(mu + sigma * z); z from the normal generator stays far below 40, so
// mu + 40 sigma below log(DBL_MAX) keeps every draw (and the mean) finite.
constexpr double kLogMax = 709.0;
constexpr double kMaxNormalDraw = 40.0;
void require_finite_lognormal(double mu, double sigma, const char* what) {
  require(std::isfinite(mu) && finite_positive(sigma) && mu + kMaxNormalDraw * sigma <= kLogMax &&
              mu + sigma * sigma / 2 <= kLogMax,
          std::string("expected ") + what + " small enough that a lognormal's draws stay finite (mu + 40 sigma <= 709)");
}

// Below this shape a gamma's draws are almost all exactly 0, far from its mean: refused.
constexpr double kMinGammaShape = 0.01;
}  // namespace

Distribution Distribution::exponential(double mean) {
  require(finite_positive(mean), "expected 'mean' > 0 for an exponential distribution");
  require(std::isfinite(mean * 100), "expected 'mean' small enough that an exponential's draws stay finite");
  return {DistKind::kExponential, mean, 0};
}

Distribution Distribution::lognormal_mean_sd(double mean, double sd) {
  require(finite_positive(mean), "expected 'mean' > 0 for a lognormal distribution");
  require(finite_positive(sd), "expected 'sd' > 0 for a lognormal distribution");
  const double ratio = sd / mean;
  require(ratio <= 1e100, "expected 'sd' at most 1e100 times 'mean' for a lognormal distribution");
  require(ratio >= 1e-150, "expected 'sd' at least 1e-150 times 'mean' for a lognormal distribution");
  const double sigma2 = std::log1p(ratio * ratio);
  const double mu = std::log(mean) - sigma2 / 2, sigma = std::sqrt(sigma2);
  require(finite_positive(sigma), "expected 'sd' at least 1e-150 times 'mean' for a lognormal distribution");
  require_finite_lognormal(mu, sigma, "'sd'");
  return {DistKind::kLognormal, mu, sigma};
}

Distribution Distribution::lognormal_mu_sigma(double mu, double sigma) {
  require(std::isfinite(mu), "expected a finite 'mu' for a lognormal distribution");
  require(finite_positive(sigma), "expected 'sigma' > 0 for a lognormal distribution");
  require_finite_lognormal(mu, sigma, "'mu' and 'sigma'");
  return {DistKind::kLognormal, mu, sigma};
}

Distribution Distribution::gamma_shape_scale(double shape, double scale) {
  require(finite_positive(shape), "expected 'shape' > 0 for a gamma distribution");
  require(finite_positive(scale), "expected 'scale' > 0 for a gamma distribution");
  require(shape >= kMinGammaShape, "expected 'shape' >= 0.01 for a gamma distribution (below it draws are almost all 0)");
  require(std::isfinite(shape * scale) && std::isfinite(shape * scale + 100 * std::sqrt(shape) * scale),
          "expected 'shape' * 'scale' (the mean) small enough that a gamma's draws stay finite");
  return {DistKind::kGamma, shape, scale};
}

Distribution Distribution::gamma_mean_cv(double mean, double cv) {
  require(finite_positive(mean), "expected 'mean' > 0 for a gamma distribution");
  require(finite_positive(cv), "expected 'cv' > 0 for a gamma distribution");
  require(cv <= 10, "expected 'cv' <= 10 for a gamma distribution (above it draws are almost all 0)");
  require(cv >= 1e-100, "expected 'cv' >= 1e-100 for a gamma distribution (use a deterministic one for no spread)");
  const double shape = 1.0 / (cv * cv);
  require(std::isfinite(mean + 100 * cv * mean), "expected 'mean' small enough that a gamma's draws stay finite");
  return {DistKind::kGamma, shape, mean / shape};
}

Distribution Distribution::deterministic(double value) {
  require(std::isfinite(value) && value >= 0, "expected 'value' >= 0 for a deterministic distribution");
  return {DistKind::kDeterministic, value, 0};
}

Distribution Distribution::uniform(double low, double high) {
  require(std::isfinite(low) && low >= 0, "expected 'low' >= 0 for a uniform distribution");
  require(std::isfinite(high) && high > low, "expected 'high' > 'low' for a uniform distribution");
  require(std::isfinite(high - low), "expected 'high' - 'low' to be a finite number");
  return {DistKind::kUniform, low, high};
}

Distribution Distribution::empirical(std::vector<double> values, std::vector<double> weights) {
  require(!values.empty(), "expected a non-empty 'values' array for an empirical distribution");
  for (double v : values) require(std::isfinite(v) && v >= 0, "expected every value >= 0 in 'values'");
  if (weights.empty()) weights.assign(values.size(), 1.0);
  require(weights.size() == values.size(), "expected 'weights' to have as many entries as 'values'");
  for (double w : weights) require(std::isfinite(w) && w >= 0, "expected every weight >= 0 in 'weights'");
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  require(total > 0, "expected 'weights' to have a positive sum");
  Distribution d{DistKind::kEmpirical, 0, 0};
  d.values_ = std::move(values);
  d.cumulative_.resize(weights.size());
  double acc = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) d.cumulative_[i] = (acc += weights[i]) / total;
  d.cumulative_.back() = 1.0;
  return d;
}

double Distribution::sample_empirical(double u) const {
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  return values_[std::min<std::size_t>(it - cumulative_.begin(), values_.size() - 1)];
}

double Distribution::mean() const {
  switch (kind_) {
    case DistKind::kExponential: return p1_;
    case DistKind::kLognormal: return std::exp(p1_ + p2_ * p2_ / 2);
    case DistKind::kGamma: return p1_ * p2_;
    case DistKind::kDeterministic: return p1_;
    case DistKind::kUniform: return (p1_ + p2_) / 2;
    case DistKind::kEmpirical: {
      double m = 0, prev = 0;
      for (std::size_t i = 0; i < values_.size(); ++i) m += values_[i] * (cumulative_[i] - prev), prev = cumulative_[i];
      return m;
    }
  }
  return 0;
}

double Distribution::cdf(double x) const {
  switch (kind_) {
    case DistKind::kExponential: return x <= 0 ? 0 : -std::expm1(-x / p1_);
    case DistKind::kLognormal: return x <= 0 ? 0 : 0.5 * std::erfc(-(std::log(x) - p1_) / (p2_ * std::sqrt(2.0)));
    case DistKind::kGamma: return x <= 0 ? 0 : boost::math::gamma_p(p1_, x / p2_);
    case DistKind::kDeterministic: return x >= p1_ ? 1 : 0;
    case DistKind::kUniform: return x <= p1_ ? 0 : x >= p2_ ? 1 : (x - p1_) / (p2_ - p1_);
    case DistKind::kEmpirical: {
      double p = 0, prev = 0;
      for (std::size_t i = 0; i < values_.size(); ++i) {
        if (values_[i] <= x) p += cumulative_[i] - prev;
        prev = cumulative_[i];
      }
      return p;
    }
  }
  return 0;
}

double Distribution::variance() const {
  switch (kind_) {
    case DistKind::kExponential: return p1_ * p1_;
    case DistKind::kLognormal: return std::expm1(p2_ * p2_) * std::exp(2 * p1_ + p2_ * p2_);
    case DistKind::kGamma: return p1_ * p2_ * p2_;
    case DistKind::kDeterministic: return 0;
    case DistKind::kUniform: return (p2_ - p1_) * (p2_ - p1_) / 12;
    case DistKind::kEmpirical: {
      const double m = mean();
      double v = 0, prev = 0;
      for (std::size_t i = 0; i < values_.size(); ++i)
        v += (values_[i] - m) * (values_[i] - m) * (cumulative_[i] - prev), prev = cumulative_[i];
      return v;
    }
  }
  return 0;
}

std::string Distribution::describe() const {
  std::ostringstream os;
  switch (kind_) {
    case DistKind::kExponential: os << "exponential(mean=" << p1_ << ")"; break;
    case DistKind::kLognormal: os << "lognormal(mu=" << p1_ << ", sigma=" << p2_ << ")"; break;
    case DistKind::kGamma: os << "gamma(shape=" << p1_ << ", scale=" << p2_ << ")"; break;
    case DistKind::kDeterministic: os << "deterministic(" << p1_ << ")"; break;
    case DistKind::kUniform: os << "uniform(" << p1_ << ", " << p2_ << ")"; break;
    case DistKind::kEmpirical: os << "empirical(" << values_.size() << " values)"; break;
  }
  return os.str();
}

}  // namespace govsim::core
