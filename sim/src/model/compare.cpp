#include "govsim/model/compare.hpp"

#include <set>

#include "govsim/error.hpp"

namespace govsim::model {

ComparisonResult compare(const Scenario& sc, const std::vector<PolicyFactory>& policies, const RunOptions& options) {
  if (policies.empty()) throw Error("compare needs at least one policy");
  std::set<std::string> labels;
  for (const auto& p : policies)
    if (!labels.insert(p.label).second)
      throw Error("compare: two policies are labelled '" + p.label + "'; give one a label (LABEL=NAME, or another name in the variants file)");
  ComparisonResult out;
  for (std::size_t i = 0; i < policies.size(); ++i) {
    RunOptions o = options;
    o.policy = policies[i];
    if (options.progress)
      o.progress = [&, i](double f) { options.progress((static_cast<double>(i) + f) / static_cast<double>(policies.size())); };
    out.runs.push_back(run(sc, o));
  }
  const auto& base = out.runs.front();
  for (std::size_t i = 1; i < out.runs.size(); ++i) {
    const auto& other = out.runs[i];
    std::vector<std::vector<std::pair<std::string, double>>> b, o;
    for (const auto& r : base.replications) b.push_back(r.metrics(base.names()));
    for (const auto& r : other.replications) o.push_back(r.metrics(other.names()));
    std::vector<MetricSummary> diffs;
    for (std::size_t k = 0; k < b.front().size(); ++k) {
      std::vector<double> d;
      for (std::size_t r = 0; r < b.size(); ++r) d.push_back(o[r][k].second - b[r][k].second);
      diffs.push_back({b.front()[k].first, core::confidence_interval(d)});
    }
    out.differences.push_back(std::move(diffs));
  }
  return out;
}

}  // namespace govsim::model
