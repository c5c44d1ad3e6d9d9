#pragma once
// Time-varying demand (FIELD-NOTES §5): the offered load of an infinite-server station,
// m(t) = E[λ(t − Sₑ)]·E[S] = ∫₀^∞ λ(t − u)·P(S > u) du, and the staffing that follows it,
// ⌈m(t) + β√m(t)⌉ (Jennings, Mandelbaum, Massey and Whitt's square-root rule per period).
#include <functional>
#include <vector>

#include "govsim/core/distribution.hpp"

namespace govsim::analysis {

/// m(t) for arrival rate λ(·) and service survival function P(S > u). The integral is taken by
/// the trapezoid rule on `steps` pieces of [0, horizon] (horizon: where the survival is negligible).
double offered_load(const std::function<double(double)>& rate, const std::function<double(double)>& survival,
                    double t, double horizon, int steps = 4000);

/// m(t) with a service-time distribution (the integral runs to its 1 − 1e-9 quantile, bounded).
double offered_load(const std::function<double(double)>& rate, const core::Distribution& service, double t);

/// The offered load of a sinusoidal rate a + b·sin(ωt) with exponential service of rate μ, in
/// closed form: a/μ + b·(μ sin ωt − ω cos ωt)/(μ² + ω²) (Eick, Massey and Whitt 1993).
double offered_load_sinusoid_exponential(double a, double b, double omega, double mu, double t);

/// ⌈m + β√m⌉ for each value of m (at least 1 where m > 0; 0 where m = 0).
std::vector<int> square_root_staffing(const std::vector<double>& offered, double beta);

}  // namespace govsim::analysis
