#pragma once
// The escalation network as linear algebra (FIELD-NOTES §5), solved with Eigen: the traffic
// equations of an open (Jackson) network, and the absorbing Markov chain of where an issue ends.
#include <Eigen/Dense>

namespace govsim::analysis {

/// Total arrival rates λ = (I − Pᵀ)⁻¹γ of an open network: P(i, j) is the chance that a visit to
/// station i is followed by a visit to j (rows sum to at most 1; the rest leaves), γ the external
/// arrival rates. Throws std::invalid_argument for mismatched sizes, entries outside [0, 1], a row
/// summing to more than 1, or a network that traps visits (I − Pᵀ singular: some issue never leaves).
Eigen::VectorXd traffic_equations(const Eigen::MatrixXd& routing, const Eigen::VectorXd& external);

/// An absorbing chain in canonical form: Q (transient → transient) and R (transient → absorbing).
/// N = (I − Q)⁻¹ is the fundamental matrix (expected visits to j starting from i), t = N·1 the
/// expected steps before absorption and B = N·R the absorption probabilities (Grinstead & Snell, ch. 11).
struct AbsorbingChain {
  Eigen::MatrixXd fundamental;   // N
  Eigen::VectorXd steps;         // t
  Eigen::MatrixXd absorption;    // B
};
AbsorbingChain absorbing_chain(const Eigen::MatrixXd& transient, const Eigen::MatrixXd& absorbing);

}  // namespace govsim::analysis
