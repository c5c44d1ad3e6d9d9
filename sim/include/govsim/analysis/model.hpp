#pragma once
// The analytic model of a scenario (govsim analyze): the escalation network between levels, an
// Erlang C (or Erlang A) estimate per staff station, the absorbing chain of where issues end and
// the seasonal offered load — beside a short simulation of the same scenario, so that a user sees
// where queueing theory holds and where meetings, calendars and rework break it.
//
// Routing probabilities come from a pilot run: each visit (an issue joining a unit's queue, agenda
// or joint handling) is followed either by a visit at some level or by the issue's end. External
// arrivals γ come from the scenario itself (households × rates × seasonal factors over the window),
// split over the levels where issues first join a queue as the pilot saw it.
#include <Eigen/Dense>
#include <nlohmann/json.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "govsim/analysis/network.hpp"
#include "govsim/model/runner.hpp"
#include "govsim/model/scenario.hpp"

namespace govsim::analysis {

struct AnalyzeOptions {
  double pilot_days = 90;           // measured days of the pilot (after the scenario's warm-up)
  std::uint32_t replications = 4;   // pilot replications
  std::uint32_t threads = 1;
  model::PolicyFactory policy;      // required: the pilot's policy (plugin::resolve_policy)
  std::function<bool()> interrupted;         // as model::RunOptions::interrupted
};

/// One staff station: a role's pools at the units of a level (or, with `meetings`, the level's
/// meetings and joint handlings, which queueing formulas do not describe).
struct StationEstimate {
  int level = 0;
  std::string level_name, role;  // role: the role's name, or "meetings"
  bool meetings = false;
  std::size_t units = 0;          // units at the level with this role's staff
  double servers = 0;             // staff over those units
  double visits_per_day = 0;      // analytic (traffic equations × the role's share of the level's visits)
  double sim_visits_per_day = 0;  // the pilot
  double mean_service_hours = 0;  // working hours per attempt: the scenario's distributions (meetings: the pilot's)
  double sim_mean_service_hours = 0;  // the pilot's
  double service_cv = 0;          // coefficient of variation of the role's service time (1 = exponential)
  double availability = 1;        // share of wall-clock time the role's calendar is open
  bool erlang_a = false;          // residents give up: Erlang A instead of Erlang C
  std::string method;             // "Erlang C", "Pollaczek-Khinchine", "Allen-Cunneen" or "Erlang A"
  bool exact = true;              // false where the method is an approximation (Allen-Cunneen)
  double utilisation = 0;         // analytic: offered work / staff time on the calendar
  double duty_utilisation = 0;    // the role's duties (visits, patrols, sittings, reporting on visits) / staff time
  double max_utilisation = 0;     // the busiest unit's
  std::size_t unstable_units = 0; // units whose offered load reaches their staff
  double p_wait = 0, mean_wait_hours = 0;          // analytic, over the attempts that start (the served)
  double sim_p_wait = 0, sim_mean_wait_hours = 0;  // the pilot
  double sim_utilisation = 0;
  std::vector<std::string> caveats;  // where the formulas' assumptions do not hold here
};

struct MonthLoad {
  int month = 0;                // 0 = January
  double arrivals_per_day = 0;  // the scenario's demand in that month
  double offered_load = 0;      // m(t) at mid-month over the entry stations (erlangs, wall clock)
  int staff_beta1 = 0;          // ⌈m + √m⌉: pooled square-root staffing at β = 1
};

struct AnalyticModel {
  std::string scenario, policy;
  std::vector<std::string> levels;
  double pilot_days = 0;
  std::uint32_t replications = 0;
  double issues_per_day = 0;           // analytic, from the scenario's demand
  double sim_issues_per_day = 0;       // created in the pilot
  Eigen::VectorXd external;            // γ per level (visits a day)
  Eigen::MatrixXd routing;             // P(i, j): a visit at level i is followed by one at level j
  Eigen::VectorXd visits;              // λ = (I − Pᵀ)⁻¹γ (visits a day)
  Eigen::VectorXd sim_visits;          // the pilot's visits a day
  AbsorbingChain chain;                // transient = levels; absorbing = resolved at each level, closed, withdrawn
  std::vector<std::string> outcomes;   // names of the absorbing states
  Eigen::VectorXd end_share;           // analytic share of visited issues ending in each absorbing state
  Eigen::VectorXd sim_end_share;       // the pilot's
  double visits_per_issue = 0;         // analytic expected visits (steps) per visited issue
  double sim_visits_per_issue = 0;
  double unvisited_share = 0;          // issues that ended without joining any queue (pilot)
  std::vector<StationEstimate> stations;
  std::vector<MonthLoad> months;
};

/// Runs the pilot and builds the model. Throws govsim::Error for a pilot that saw no visits.
AnalyticModel analyze(const model::Scenario& scenario, const AnalyzeOptions& options = {});

/// The model as text tables (what govsim analyze prints).
std::string format(const AnalyticModel& model);

/// The model as JSON (govsim analyze --out, and Python's govsim.analyze): levels, routing, visits,
/// end shares, stations and months; infinite waits are written as null.
nlohmann::ordered_json to_json(const AnalyticModel& model);

}  // namespace govsim::analysis
