#pragma once
// Closed-form queueing results for one station (FIELD-NOTES §5): Erlang B and C by the stable
// recursion, the M/M/c waiting-time distribution, Erlang A (M/M/c+M, residents who give up), and
// square-root staffing (Halfin–Whitt). Loads are in erlangs (arrival rate × mean service time).
#include <functional>

namespace govsim::analysis {

/// Erlang B, the blocking probability of M/M/c/c: B_0 = 1, B_k = A·B_{k−1} / (k + A·B_{k−1}).
double erlang_b(double load, int servers);

/// Erlang C, the probability that an arrival waits in M/M/c: C = c·B_c / (c − A(1 − B_c)).
/// 1 when the station is unstable (A ≥ c).
double erlang_c(double load, int servers);

/// Steady state of an M/M/c station (exponential service, Poisson arrivals, FIFO, no abandonment).
struct MmcResult {
  int servers = 0;
  double load = 0;         // A = λ/μ, erlangs
  double utilisation = 0;  // ρ = A/c
  bool stable = false;     // ρ < 1; the figures below are infinite otherwise
  double p_wait = 1;       // Erlang C
  double mean_wait = 0;    // C / (cμ − λ), in the time unit of the rates
  double mean_in_queue = 0;  // λ · mean_wait (Little)
  double mean_sojourn = 0;   // mean_wait + 1/μ
  /// P(W > t) = C·exp(−(cμ − λ)t).
  double wait_exceeds(double t) const;
  /// The q-quantile of the wait (0 when q ≤ 1 − C).
  double wait_quantile(double q) const;
  double decay_rate = 0;  // cμ − λ
};

/// An M/M/c station with arrival rate `lambda` and service rate `mu` per server.
MmcResult mmc(double lambda, double mu, int servers);

/// Steady state of an M/G/c station: Poisson arrivals at `lambda`, service of mean `mean_service`
/// and coefficient of variation `cv`, FIFO. Exact where a formula exists — Pollaczek–Khinchine for
/// one server (P(wait) = ρ, W = ρ·E[S]·(1 + cv²) / (2(1 − ρ))), Erlang C for exponential service —
/// and Allen–Cunneen's approximation elsewhere (W = W_{M/M/c}·(1 + cv²)/2, P(wait) by Erlang C).
struct MgcResult {
  int servers = 0;
  double load = 0;          // A = λ·E[S], erlangs
  double utilisation = 0;   // ρ = A/c (exact for any service)
  bool stable = false;      // ρ < 1; the waits are infinite otherwise
  double p_wait = 1;        // an arrival waits
  double mean_wait = 0;     // in the time unit of the rates
  bool exact = false;       // false: Allen–Cunneen
  const char* method = "";  // "Erlang C", "Pollaczek-Khinchine" or "Allen-Cunneen"
};
MgcResult mgc(double lambda, double mean_service, double cv, int servers);
/// How close to 1 a coefficient of variation counts as exponential service (Erlang C, exact).
inline constexpr double kExponentialCvTolerance = 1e-9;

/// Steady state of M/M/c+M (Erlang A): exponential patience with rate `theta` (1 / mean patience).
/// Exact, by the birth–death chain truncated where its terms vanish. The `served` figures are
/// over the arrivals who are served (what a simulation measures over attempts that started): an
/// arrival with q residents queued ahead advances at rate cμ + jθ from position j and gives up at
/// rate θ, so it is served with Π_{j=0..q} (cμ + jθ)/(cμ + (j+1)θ) and, given that, waits
/// Σ_{j=0..q} 1/(cμ + (j+1)θ) on average.
struct ErlangAResult {
  double p_wait = 0;      // an arrival finds all servers busy (PASTA)
  double p_abandon = 0;   // an arrival gives up before service
  double mean_wait = 0;   // over all arrivals (served and abandoning), time unit of the rates
  double mean_in_queue = 0;
  double utilisation = 0;  // busy servers / c
  double p_wait_served = 0;     // P(waited | served)
  double mean_wait_served = 0;  // E[wait | served]
};
ErlangAResult erlang_a(double lambda, double mu, double theta, int servers);

/// Halfin–Whitt: P(wait) of square-root staffing with quality β, [1 + βΦ(β)/φ(β)]⁻¹.
double halfin_whitt_p_wait(double beta);

/// Square-root staffing ⌈A + β√A⌉ (at least 1).
int square_root_staffing(double load, double beta);

/// The smallest c in [1, max_servers] with ok(c), assuming ok is monotone in c; 0 if none.
int min_servers(const std::function<bool(int)>& ok, int max_servers = 100000);

/// Standard normal density and distribution function.
double normal_pdf(double x);
double normal_cdf(double x);

}  // namespace govsim::analysis
