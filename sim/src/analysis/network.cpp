#include "govsim/analysis/network.hpp"

#include <sstream>
#include <stdexcept>

namespace govsim::analysis {
namespace {

void check_substochastic(const Eigen::MatrixXd& m, const Eigen::MatrixXd* rest, const char* what) {
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    double sum = 0;
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      const double p = m(i, j);
      if (!(p >= 0 && p <= 1)) {
        std::ostringstream os;
        os << what << ": expected probabilities in [0, 1], got " << p << " at (" << i << ", " << j << ")";
        throw std::invalid_argument(os.str());
      }
      sum += p;
    }
    if (rest) {
      for (Eigen::Index j = 0; j < rest->cols(); ++j) {
        const double p = (*rest)(i, j);
        if (!(p >= 0 && p <= 1)) {
          std::ostringstream os;
          os << what << ": expected probabilities in [0, 1], got " << p << " in the absorbing part at (" << i << ", " << j << ")";
          throw std::invalid_argument(os.str());
        }
        sum += p;
      }
    }
    if (sum > 1 + 1e-9) {
      std::ostringstream os;
      os << what << ": expected each row to sum to at most 1, row " << i << " sums to " << sum;
      throw std::invalid_argument(os.str());
    }
  }
}

Eigen::MatrixXd inverse_of_identity_minus(const Eigen::MatrixXd& m, const char* what) {
  const Eigen::Index n = m.rows();
  const Eigen::MatrixXd a = Eigen::MatrixXd::Identity(n, n) - m;
  Eigen::FullPivLU<Eigen::MatrixXd> lu(a);
  if (!lu.isInvertible())
    throw std::invalid_argument(std::string(what) +
                                ": the network traps visits (I - P is singular): some station is never left");
  return lu.inverse();
}

}  // namespace

Eigen::VectorXd traffic_equations(const Eigen::MatrixXd& routing, const Eigen::VectorXd& external) {
  if (routing.rows() != routing.cols() || routing.rows() != external.size()) {
    std::ostringstream os;
    os << "traffic_equations: expected a square routing matrix the size of the arrival vector, got "
       << routing.rows() << "x" << routing.cols() << " and " << external.size();
    throw std::invalid_argument(os.str());
  }
  for (Eigen::Index i = 0; i < external.size(); ++i)
    if (!(external(i) >= 0)) throw std::invalid_argument("traffic_equations: expected external rates >= 0");
  check_substochastic(routing, nullptr, "traffic_equations");
  const Eigen::Index n = routing.rows();
  const Eigen::MatrixXd a = Eigen::MatrixXd::Identity(n, n) - routing.transpose();
  Eigen::FullPivLU<Eigen::MatrixXd> lu(a);
  if (!lu.isInvertible())
    throw std::invalid_argument("traffic_equations: the network traps visits (I - P is singular): some station is never left");
  return lu.solve(external);
}

AbsorbingChain absorbing_chain(const Eigen::MatrixXd& transient, const Eigen::MatrixXd& absorbing) {
  if (transient.rows() != transient.cols() || absorbing.rows() != transient.rows()) {
    std::ostringstream os;
    os << "absorbing_chain: expected Q square and R with as many rows, got " << transient.rows() << "x"
       << transient.cols() << " and " << absorbing.rows() << "x" << absorbing.cols();
    throw std::invalid_argument(os.str());
  }
  check_substochastic(transient, &absorbing, "absorbing_chain");
  AbsorbingChain c;
  c.fundamental = inverse_of_identity_minus(transient, "absorbing_chain");
  c.steps = c.fundamental * Eigen::VectorXd::Ones(transient.rows());
  c.absorption = c.fundamental * absorbing;
  return c;
}

}  // namespace govsim::analysis
