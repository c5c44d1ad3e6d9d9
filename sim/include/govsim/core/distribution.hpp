#pragma once
// Service-time and delay distributions as one value type (a tag and parameters, no virtual call).
// Sampling uses Boost.Random's algorithms (ziggurat exponential and normal, Marsaglia–Tsang style
// gamma), which give the same numbers on every platform, unlike the std:: distributions.
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "govsim/core/rng.hpp"

namespace govsim::core {

enum class DistKind { kExponential, kLognormal, kGamma, kDeterministic, kUniform, kEmpirical };

class Distribution {
 public:
  /// Builders check their parameters and throw std::invalid_argument saying what was expected.
  static Distribution exponential(double mean);
  static Distribution lognormal_mean_sd(double mean, double sd);
  static Distribution lognormal_mu_sigma(double mu, double sigma);
  static Distribution gamma_shape_scale(double shape, double scale);
  static Distribution gamma_mean_cv(double mean, double cv);
  static Distribution deterministic(double value);
  static Distribution uniform(double low, double high);
  /// Discrete empirical distribution over `values` with optional `weights` (equal if empty).
  static Distribution empirical(std::vector<double> values, std::vector<double> weights = {});

  Distribution() : Distribution(deterministic(0.0)) {}

  DistKind kind() const { return kind_; }
  double mean() const;
  double variance() const;
  /// P(X <= x).
  double cdf(double x) const;
  std::string describe() const;

  template <class Engine>
  double sample(Engine& g) const {
    switch (kind_) {
      case DistKind::kExponential:
        return boost::random::exponential_distribution<double>(1.0)(g) * p1_;  // unit draw, scaled: no division
      case DistKind::kLognormal:
        return std::exp(p1_ + p2_ * boost::random::normal_distribution<double>(0.0, 1.0)(g));
      case DistKind::kGamma:
        return boost::random::gamma_distribution<double>(p1_, p2_)(g);
      case DistKind::kDeterministic:
        return p1_;
      case DistKind::kUniform:
        return p1_ + (p2_ - p1_) * uniform01(g);
      case DistKind::kEmpirical:
        return sample_empirical(uniform01(g));
    }
    return p1_;
  }

 private:
  Distribution(DistKind k, double p1, double p2) : kind_(k), p1_(p1), p2_(p2) {}
  double sample_empirical(double u) const;

  DistKind kind_;
  double p1_, p2_;               // exp: mean; lognormal: mu, sigma; gamma: shape, scale; uniform: lo, hi
  std::vector<double> values_;   // empirical
  std::vector<double> cumulative_;
};

}  // namespace govsim::core
