#include <cmath>

#include "govsim/model/scenario.hpp"

namespace govsim::model {

void draw_grids(const graph::OrgGraph& org, int level, int within, double households, std::vector<UnitId>& grid_of,
                std::vector<std::uint64_t>& grid_hh, const std::vector<bool>& own) {
  const std::size_t n = org.size();
  grid_of.assign(n, graph::kNoUnit);
  grid_hh.assign(n, 0);
  std::vector<UnitId> open(n, graph::kNoUnit);  // per unit of `within`: the grid being drawn
  for (UnitId u = 0; u < n; ++u) {
    if (org.unit(u).level != level || (!own.empty() && own[u])) continue;
    UnitId a = org.parent(u);
    while (a != graph::kNoUnit && org.unit(a).level != within) a = org.parent(a);
    if (a == graph::kNoUnit) continue;
    const auto h = static_cast<double>(org.households_under(u));
    UnitId& g = open[a];
    if (g != graph::kNoUnit) {
      const auto s = static_cast<double>(grid_hh[g]);
      if (std::abs(s + h - households) > std::abs(s - households)) g = graph::kNoUnit;
    }
    if (g == graph::kNoUnit) g = u;
    grid_of[u] = g;
    grid_hh[g] += org.households_under(u);
  }
}

}  // namespace govsim::model
