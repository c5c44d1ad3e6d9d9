#pragma once
// Validation that can fail (govsim check): a scenario's figures against reported ones, each marked
// fitted, held out or not modelled. A held-out figure counts as a prediction only if the scenario
// reproduces it and its null variant — the mechanism it is evidence for, switched off — misses it;
// one the null variant reproduces too is weak evidence, not a pass. Every variant runs on the
// scenario's seed (common random numbers), so a difference is the mechanism's, not the draws'.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "govsim/model/calibrate.hpp"

namespace govsim::model {

enum class Verdict {
  kFitted,       // a fitted figure within its tolerance
  kFitMissed,    // a fitted figure outside it: the fit did not reach it
  kPredicted,    // held out, within its tolerance, and its null variant misses it
  kWeak,         // held out and within, but its null variant is within too: weak evidence
  kMissed,       // held out and outside its tolerance
  kKnownMiss,    // held out, outside its tolerance, and listed as a known miss with the reason
  kNotModelled,  // listed with its reason
};
const char* verdict_name(Verdict v);  // "fitted", "fit missed", "predicted", "weak", "missed", "known miss", "not modelled"

struct FigureVerdict {
  FitTarget target;
  std::optional<TargetCheck> check;  // under the scenario (none when not modelled)
  std::optional<TargetCheck> null;   // held out: under its null variant
  Verdict verdict = Verdict::kNotModelled;
};

/// Every modelled figure under one variant of the scenario.
struct VariantFigures {
  TargetVariant variant;
  std::vector<TargetCheck> checks;
};

struct Validation {
  std::size_t replications = 0;
  std::uint64_t seed = 0;
  std::vector<FigureVerdict> figures;    // in the targets file's order
  std::vector<VariantFigures> variants;  // in the targets file's order
  std::size_t count(Verdict v) const;
  /// Fitted or held-out figures outside their tolerance (govsim check exits 1).
  std::size_t misses() const { return count(Verdict::kFitMissed) + count(Verdict::kMissed); }
};

/// Loads a scenario document (the caller applies its own --reps and --seed); `file` names it.
using DocumentLoader = std::function<Scenario(const io::json& doc)>;

/// The document of a variant: the scenario with the variant's values set. ConfigError naming the
/// targets file and the variant's JSON path when a pointer names nothing the scenario has.
io::json variant_document(const io::json& scenario_doc, const TargetVariant& variant, const std::string& targets_file);

/// Runs the scenario and each variant of `spec` and judges every figure. A variant whose scenario
/// does not load is a ConfigError naming the targets file, the variant and the loader's message.
Validation validate(const io::json& scenario_doc, const CalibrationSpec& spec, const DocumentLoader& load,
                    const PolicyResolver& resolve, const RunOptions& options = {});

}  // namespace govsim::model
