#include "govsim/analysis/queueing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace govsim::analysis {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

void check_load(double load, int servers, const char* what) {
  if (!(load >= 0) || !std::isfinite(load))
    throw std::invalid_argument(std::string(what) + ": expected a finite load >= 0, got " + std::to_string(load));
  if (servers < 1) throw std::invalid_argument(std::string(what) + ": expected at least 1 server, got " + std::to_string(servers));
}
}  // namespace

double erlang_b(double load, int servers) {
  check_load(load, servers, "erlang_b");
  double b = 1;
  for (int k = 1; k <= servers; ++k) b = load * b / (k + load * b);
  return b;
}

double erlang_c(double load, int servers) {
  check_load(load, servers, "erlang_c");
  if (load >= servers) return 1.0;
  const double b = erlang_b(load, servers);
  return servers * b / (servers - load * (1 - b));
}

double MmcResult::wait_exceeds(double t) const {
  if (!stable) return 1.0;
  return t <= 0 ? p_wait : p_wait * std::exp(-decay_rate * t);
}

double MmcResult::wait_quantile(double q) const {
  if (!stable) return kInf;
  if (q <= 1 - p_wait) return 0;
  return std::log(p_wait / (1 - q)) / decay_rate;
}

MmcResult mmc(double lambda, double mu, int servers) {
  if (!(mu > 0)) throw std::invalid_argument("mmc: expected a service rate > 0, got " + std::to_string(mu));
  MmcResult r;
  r.servers = servers;
  r.load = lambda / mu;
  check_load(r.load, servers, "mmc");
  r.utilisation = r.load / servers;
  r.stable = r.load < servers;
  r.p_wait = erlang_c(r.load, servers);
  if (!r.stable) {
    r.mean_wait = r.mean_in_queue = r.mean_sojourn = kInf;
    return r;
  }
  r.decay_rate = servers * mu - lambda;
  r.mean_wait = r.p_wait / r.decay_rate;
  r.mean_in_queue = lambda * r.mean_wait;
  r.mean_sojourn = r.mean_wait + 1 / mu;
  return r;
}

MgcResult mgc(double lambda, double mean_service, double cv, int servers) {
  if (!(mean_service > 0) || !std::isfinite(mean_service))
    throw std::invalid_argument("mgc: expected a mean service time > 0, got " + std::to_string(mean_service));
  if (!(cv >= 0) || !std::isfinite(cv)) throw std::invalid_argument("mgc: expected a service cv >= 0, got " + std::to_string(cv));
  MgcResult r;
  r.servers = servers;
  r.load = lambda * mean_service;
  check_load(r.load, servers, "mgc");
  r.utilisation = r.load / servers;
  r.stable = r.load < servers;
  const bool exponential = std::abs(cv - 1) < kExponentialCvTolerance;
  r.exact = servers == 1 || exponential;
  r.method = exponential ? "Erlang C" : servers == 1 ? "Pollaczek-Khinchine" : "Allen-Cunneen";
  if (!r.stable) {
    r.p_wait = 1;
    r.mean_wait = kInf;
    return r;
  }
  const double scv = exponential ? 1.0 : cv * cv;
  if (servers == 1 && !exponential) {
    r.p_wait = r.utilisation;
    r.mean_wait = r.utilisation * mean_service * (1 + scv) / (2 * (1 - r.utilisation));
    return r;
  }
  const auto m = mmc(lambda, 1 / mean_service, servers);
  r.p_wait = m.p_wait;
  r.mean_wait = m.mean_wait * (1 + scv) / 2;
  return r;
}

ErlangAResult erlang_a(double lambda, double mu, double theta, int servers) {
  if (!(mu > 0) || !(theta > 0))
    throw std::invalid_argument("erlang_a: expected service and patience rates > 0");
  check_load(lambda / mu, servers, "erlang_a");
  // π_n ∝ Π λ / (min(k,c)μ + max(k−c,0)θ); terms are accumulated in log space and the chain is
  // cut where a term is below 1e-16 of the largest after the mode.
  std::vector<double> logp{0.0};
  double peak = 0;
  for (int n = 1; n < 10'000'000; ++n) {
    const double death = std::min(n, servers) * mu + std::max(n - servers, 0) * theta;
    const double next = logp.back() + std::log(lambda) - std::log(death);
    logp.push_back(next);
    peak = std::max(peak, next);
    if (n > servers && death > lambda && next < peak - 37) break;
  }
  double total = 0, busy = 0, queue = 0, waiting_arrivals = 0;
  // Served arrivals: those who found a free server, and those queued behind q others who were served.
  double served = 0, served_waiting = 0, served_wait = 0;
  double p_served_q = 1, wait_served_q = 0;  // for the arrival at n = servers + q, built up over q
  const double cmu = servers * mu;
  for (std::size_t n = 0; n < logp.size(); ++n) {
    const double p = std::exp(logp[n] - peak);
    total += p;
    const double in = static_cast<double>(n);
    busy += std::min(in, static_cast<double>(servers)) * p;
    queue += std::max(in - servers, 0.0) * p;
    if (static_cast<int>(n) >= servers) {
      waiting_arrivals += p;
      const double j = in - servers;  // this arrival's last position ahead of service is j
      p_served_q *= (cmu + j * theta) / (cmu + (j + 1) * theta);
      wait_served_q += 1 / (cmu + (j + 1) * theta);
      served += p * p_served_q;
      served_waiting += p * p_served_q;
      served_wait += p * p_served_q * wait_served_q;
    } else {
      served += p;
    }
  }
  ErlangAResult r;
  r.p_wait_served = served > 0 ? served_waiting / served : 0;
  r.mean_wait_served = served > 0 ? served_wait / served : 0;
  r.p_wait = waiting_arrivals / total;
  r.mean_in_queue = queue / total;
  r.p_abandon = lambda > 0 ? theta * r.mean_in_queue / lambda : 0;
  r.mean_wait = lambda > 0 ? r.mean_in_queue / lambda : 0;  // Little, over all arrivals
  r.utilisation = busy / total / servers;
  return r;
}

double normal_pdf(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2 * M_PI); }
double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double halfin_whitt_p_wait(double beta) {
  if (!(beta > 0)) throw std::invalid_argument("halfin_whitt_p_wait: expected beta > 0, got " + std::to_string(beta));
  return 1.0 / (1.0 + beta * normal_cdf(beta) / normal_pdf(beta));
}

int square_root_staffing(double load, double beta) {
  check_load(load, 1, "square_root_staffing");
  const double c = std::ceil(load + beta * std::sqrt(load) - 1e-12);
  return std::max(1, static_cast<int>(c));
}

int min_servers(const std::function<bool(int)>& ok, int max_servers) {
  if (max_servers < 1 || !ok(max_servers)) return 0;
  int lo = 0, hi = max_servers;  // ok(hi), !ok(lo) (lo = 0 stands for "none")
  while (hi - lo > 1) {
    const int mid = lo + (hi - lo) / 2;
    (ok(mid) ? hi : lo) = mid;
  }
  return hi;
}

}  // namespace govsim::analysis
