#include <chrono>
#include <limits>

#include "govsim/model/scenario.hpp"

namespace govsim::model {

double Schedule::next_after(const core::Calendar& calendar, double t) const {
  const long day0 = t < 0 ? 0 : core::Calendar::day_index(t);
  if (rule == Rule::kWeekly) {
    for (long d = day0;; ++d)
      if (calendar.weekday_of_day(d) == weekday && d * core::kHoursPerDay + time > t) return d * core::kHoursPerDay + time;
  }
  // Monthly or quarterly: walk the months from day0's.
  const std::chrono::year_month_day first(calendar.date_of_day(day0));
  std::chrono::year_month ym = first.year() / first.month();
  for (int i = 0; i < 16; ++i, ym += std::chrono::months(1)) {
    if (rule == Rule::kQuarterly && (static_cast<unsigned>(ym.month()) - 1) % 3 != 0) continue;
    const unsigned last = static_cast<unsigned>((ym / std::chrono::last).day());
    const std::chrono::year_month_day date = ym / std::chrono::day(std::min<unsigned>(day, last));
    const double at = calendar.day_of(std::chrono::sys_days(date)) * core::kHoursPerDay + time;
    if (at > t) return at;
  }
  return std::numeric_limits<double>::infinity();
}

}  // namespace govsim::model
