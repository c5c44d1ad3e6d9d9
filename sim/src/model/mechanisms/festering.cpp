#include "model/mechanisms/festering.hpp"

#include <algorithm>
#include <cmath>

namespace govsim::model {

void Festering::on_discovered(std::uint32_t slot) {
  Issue& is = env_.issues[slot];
  const CategorySpec& cat = env_.sc.categories[is.v.category];
  if (!cat.festering || is.severity >= cat.festering->max_severity) return;
  const double periods = std::floor((env_.now() - is.v.created) / (cat.festering->every_days * core::kHoursPerDay));
  if (!(periods >= 1)) return;
  const int grow = static_cast<int>(std::min(periods, static_cast<double>(cat.festering->max_severity - is.severity)));
  is.severity = static_cast<std::uint8_t>(is.severity + grow);
  is.v.assessed_severity = static_cast<std::uint8_t>(
      std::min(static_cast<int>(is.v.assessed_severity) + grow, static_cast<int>(cat.severity.size())));
  env_.rec.festered(is);
}

}  // namespace govsim::model
