#include "govsim/core/calendar.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace govsim::core {

std::optional<std::chrono::sys_days> parse_date(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd);
}

std::string format_date(std::chrono::sys_days d) {
  const std::chrono::year_month_day ymd(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()));
  return buf;
}

WorkCalendar WorkCalendar::always() { return WorkCalendar(); }

WorkCalendar WorkCalendar::weekly(std::array<std::vector<Interval>, 7> weekly, const Calendar& calendar,
                                  std::vector<long> holidays, std::vector<long> extra_workdays) {
  WorkCalendar c;
  c.always_ = false;
  c.calendar_ = calendar;
  double total = 0;
  for (auto& day : weekly) {
    std::sort(day.begin(), day.end());
    for (std::size_t i = 0; i < day.size(); ++i) {
      const auto [a, b] = day[i];
      if (!(a >= 0 && b <= 24 && a < b))
        throw std::invalid_argument("expected working intervals with 0 <= start < end <= 24 hours");
      if (i > 0 && day[i - 1].second > a)
        throw std::invalid_argument("expected working intervals of a day not to overlap");
      total += b - a;
    }
  }
  if (total <= 0) throw std::invalid_argument("expected at least one working interval in the week");
  if (weekly[0].empty() && !extra_workdays.empty())
    throw std::invalid_argument("expected Monday working hours: extra workdays follow Monday's hours");
  c.weekly_ = std::move(weekly);
  c.week_hours_ = total;
  for (int w = 0; w < 7; ++w)
    for (const auto& [a, b] : c.weekly_[w]) c.weekday_hours_[w] += b - a;
  std::sort(holidays.begin(), holidays.end());
  std::sort(extra_workdays.begin(), extra_workdays.end());
  c.holidays_ = std::move(holidays);
  c.extra_workdays_ = std::move(extra_workdays);
  c.start_weekday_ = calendar.weekday_of_day(0);
  long lo = 0, hi = -1;
  for (const auto* days : {&c.holidays_, &c.extra_workdays_}) {
    if (days->empty()) continue;
    lo = hi < lo ? days->front() : std::min(lo, days->front());
    hi = std::max(hi, days->back());
  }
  if (hi >= lo) {
    c.special_first_ = lo;
    c.special_.assign(static_cast<std::size_t>(hi - lo + 1), 0);
    for (long d : c.extra_workdays_) c.special_[d - lo] = 2;
    for (long d : c.holidays_) c.special_[d - lo] = 1;  // a day in both lists is a holiday
  }
  return c;
}

const std::vector<WorkCalendar::Interval>& WorkCalendar::day_intervals(long day) const {
  const long k = day - special_first_;
  if (k >= 0 && k < static_cast<long>(special_.size()) && special_[k]) return special_[k] == 1 ? none_ : weekly_[0];
  const long w = (start_weekday_ + day) % 7;
  return weekly_[w < 0 ? w + 7 : w];
}

// Interval bounds are compared as absolute times, day * 24 + bound, computed the same way
// everywhere, so that the time next_open() returns is open by is_open() — no rounding gap in which
// a pool would wake up, find itself closed and wake up again at the same instant forever.
namespace {
double at(long day, double hour) { return static_cast<double>(day) * kHoursPerDay + hour; }
}  // namespace

bool WorkCalendar::is_open_slow(double t) const {
  const long day = Calendar::day_index(t);
  for (const auto& [a, b] : day_intervals(day))
    if (t >= at(day, a) && t < at(day, b)) return true;
  return false;
}

double WorkCalendar::next_open_slow(double t) const {
  // A week without holidays always has working time; holidays are finite, so this ends.
  for (long day = Calendar::day_index(t);; ++day) {
    for (const auto& [a, b] : day_intervals(day))
      if (t < at(day, b)) return std::max(t, at(day, a));
  }
}

double WorkCalendar::add_working_hours_slow(double t, double hours) const {
  if (!(hours >= 0) || !std::isfinite(t))
    throw std::domain_error("a work calendar was asked to add " + std::to_string(hours) + " working hours to time " +
                            std::to_string(t));
  double left = hours;
  const double week = weekly_hours();
  // Past a billion weeks (any run ends within 1,000 years) the day no longer matters, and counting
  // it in whole days would overflow: the time is found at the average working rate instead.
  if (left / week > 1e9) return t + left / week * 7 * kHoursPerDay;
  const long last_special = special_first_ + static_cast<long>(special_.size());
  for (long day = Calendar::day_index(t);; ++day) {
    // Past the holidays any 7 days hold one week of working hours: skip whole weeks (a heavy-tailed
    // service time of millions of hours must not mean millions of loop turns).
    if (day >= last_special && left > 2 * week && t <= at(day, 0)) {
      const double weeks = std::floor(left / week) - 1;
      day += static_cast<long>(weeks) * 7;
      left -= weeks * week;
    }
    for (const auto& [a, b] : day_intervals(day)) {
      const double end = at(day, b);
      if (t >= end) continue;
      const double from = std::max(t, at(day, a));
      if (left <= end - from) return from + left;
      left -= end - from;
      t = end;
    }
  }
}

double WorkCalendar::working_hours_between_slow(double t0, double t1) const {
  if (t1 <= t0) return 0;
  double total = 0;
  long day = Calendar::day_index(t0);
  const long last = Calendar::day_index(t1);
  for (; day <= last; ++day) {
    const double lo = std::max(t0 - day * kHoursPerDay, 0.0);
    const double hi = std::min(t1 - day * kHoursPerDay, kHoursPerDay);
    for (const auto& [a, b] : day_intervals(day)) total += std::max(0.0, std::min(b, hi) - std::max(a, lo));
  }
  return total;
}

double WorkCalendar::weekly_hours() const { return always_ ? 7 * kHoursPerDay : week_hours_; }

double WorkCalendar::day_hours(long day) const {
  if (always_) return kHoursPerDay;
  const long k = day - special_first_;
  if (k >= 0 && k < static_cast<long>(special_.size()) && special_[k]) return special_[k] == 1 ? 0.0 : weekday_hours_[0];
  const long w = (start_weekday_ + day) % 7;
  return weekday_hours_[w < 0 ? w + 7 : w];
}

}  // namespace govsim::core
