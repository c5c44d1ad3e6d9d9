#include "govsim/analysis/offered_load.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "govsim/analysis/queueing.hpp"

namespace govsim::analysis {

double offered_load(const std::function<double(double)>& rate, const std::function<double(double)>& survival,
                    double t, double horizon, int steps) {
  if (!(horizon > 0) || steps < 2) throw std::invalid_argument("offered_load: expected a horizon > 0 and at least 2 steps");
  const double h = horizon / steps;
  double sum = 0.5 * (rate(t) * survival(0) + rate(t - horizon) * survival(horizon));
  for (int k = 1; k < steps; ++k) {
    const double u = k * h;
    sum += rate(t - u) * survival(u);
  }
  return sum * h;
}

double offered_load(const std::function<double(double)>& rate, const core::Distribution& service, double t) {
  // The upper limit: where P(S > u) < 1e-9, found by doubling from the mean.
  double horizon = std::max(service.mean(), 1e-9);
  for (int k = 0; k < 60 && 1 - service.cdf(horizon) > 1e-9; ++k) horizon *= 2;
  if (!(service.mean() > 0)) return 0.0;
  return offered_load(rate, [&](double u) { return 1 - service.cdf(u); }, t, horizon, 20000);
}

double offered_load_sinusoid_exponential(double a, double b, double omega, double mu, double t) {
  if (!(mu > 0)) throw std::invalid_argument("offered_load_sinusoid_exponential: expected mu > 0");
  return a / mu + b * (mu * std::sin(omega * t) - omega * std::cos(omega * t)) / (mu * mu + omega * omega);
}

std::vector<int> square_root_staffing(const std::vector<double>& offered, double beta) {
  std::vector<int> out;
  out.reserve(offered.size());
  for (double m : offered) out.push_back(m > 0 ? analysis::square_root_staffing(m, beta) : 0);
  return out;
}

}  // namespace govsim::analysis
