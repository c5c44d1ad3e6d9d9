#include "model/mechanisms/evaluation.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>

namespace govsim::model {

double Evaluation::rate(const Issue& is, std::uint32_t ratings_so_far) const {
  const auto& e = spec_;
  auto g = env_.streams.keyed(Purpose::kEvaluation, is.v.id, ratings_so_far);
  const double noise = e.sd > 0 ? boost::random::normal_distribution<double>(0.0, e.sd)(g) : 0.0;
  const auto& level = env_.world.level;
  const double s = e.base + e.per_day * (env_.now() - is.v.created) / core::kHoursPerDay +
                   e.per_level_up * (level[is.v.origin] - level[is.v.unit]) + e.per_rework * is.v.reworks + noise +
                   (env_.sc.categories[is.v.category].consent && !is.last_by_meeting ? e.per_unheard : 0.0);
  return std::clamp(s, 0.0, 1.0);
}

bool Evaluation::gate_resolve(std::uint32_t slot, Decision& d, plugin::Action& next) {
  if (d.evaluated) return false;  // the policy accepted the rating: close
  d.evaluated = true;
  Issue& is = env_.issues[slot];
  const double rating = rate(is, ratings_[slot]++);
  next = env_.router.evaluated(slot, rating);
  is.satisfaction = next.kind == plugin::ActionKind::kResolve ? rating : -1.0;  // only an accepted rating counts
  if (next.kind == plugin::ActionKind::kHandle) {  // sent back for rectification
    ++is.v.reworks;
    env_.rec.rework(is);
  }
  return true;
}

}  // namespace govsim::model
