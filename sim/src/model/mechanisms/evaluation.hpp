#pragma once
// Residents evaluate resolutions (scenario "evaluation"): a resolve() is first rated, and the
// policy's on_evaluation accepts it (the rating counts as satisfaction), sends it back for
// rectification (a rework) or moves it. The rating falls with days open, levels climbed and noise,
// and rises with reworks (EvaluationSpec).
#include <cstdint>
#include <vector>

#include "model/mechanism.hpp"

namespace govsim::model {

class Evaluation final : public Mechanism {
 public:
  Evaluation(const Env& env, const EvaluationSpec& spec) : env_(env), spec_(spec) {}

  unsigned hooks() const override { return kGateResolve | kOnClosed; }
  void reserve(std::size_t slots) override { ratings_.resize(slots); }
  bool gate_resolve(std::uint32_t slot, Decision& d, plugin::Action& next) override;
  void on_closed(std::uint32_t slot, Outcome) override { ratings_[slot] = 0; }

  /// The residents' rating of the issue's resolution now, from its own keyed stream.
  double rate(const Issue& is, std::uint32_t ratings_so_far) const;

 private:
  Env env_;
  const EvaluationSpec& spec_;
  std::vector<std::uint32_t> ratings_;  // per issue: ratings so far (keys the rating noise)
};

}  // namespace govsim::model
