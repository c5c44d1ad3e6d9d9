#pragma once
// Simulated time is hours (double) from 00:00 of the scenario's start date. Calendar maps time to
// dates; WorkCalendar says when a role works (weekly hours, holidays, make-up working days) and
// converts between wall-clock and business time.
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace govsim::core {

inline constexpr double kHoursPerDay = 24.0;
inline constexpr double kHoursPerYear = 8760.0;

/// Parses "YYYY-MM-DD"; std::nullopt if malformed or not a real date.
std::optional<std::chrono::sys_days> parse_date(const std::string& text);
std::string format_date(std::chrono::sys_days d);

class Calendar {
 public:
  explicit Calendar(std::chrono::sys_days start = std::chrono::sys_days{}) : start_(start) {}
  std::chrono::sys_days start() const { return start_; }
  static long day_index(double t) { return static_cast<long>(t / kHoursPerDay); }
  std::chrono::sys_days date_of_day(long day) const { return start_ + std::chrono::days(day); }
  /// Day index of a date (may be negative for dates before the start).
  long day_of(std::chrono::sys_days d) const { return (d - start_).count(); }
  /// 0 = Monday … 6 = Sunday.
  int weekday_of_day(long day) const {
    return static_cast<int>(std::chrono::weekday(date_of_day(day)).iso_encoding()) - 1;
  }
  /// 0 = January … 11 = December.
  int month_of_day(long day) const {
    return static_cast<int>(unsigned(std::chrono::year_month_day(date_of_day(day)).month())) - 1;
  }
  int day_of_month(long day) const {
    return static_cast<int>(unsigned(std::chrono::year_month_day(date_of_day(day)).day()));
  }

 private:
  std::chrono::sys_days start_;
};

/// Working time of a role. Intervals are [start, end) hours within a day.
class WorkCalendar {
 public:
  using Interval = std::pair<double, double>;
  /// Works around the clock, every day.
  static WorkCalendar always();
  /// `weekly[w]` lists the working intervals of weekday w (0 = Monday); `holidays` and
  /// `extra_workdays` are day indices from the start date. Throws std::invalid_argument if the
  /// week has no working time or intervals overlap / fall outside [0, 24].
  static WorkCalendar weekly(std::array<std::vector<Interval>, 7> weekly, const Calendar& calendar,
                             std::vector<long> holidays = {}, std::vector<long> extra_workdays = {});

  bool is_always() const { return always_; }
  bool is_open(double t) const { return always_ || is_open_slow(t); }
  /// Earliest time >= t at which the calendar is open.
  double next_open(double t) const { return always_ ? t : next_open_slow(t); }
  /// The time at which `hours` working hours have passed, counting from t.
  double add_working_hours(double t, double hours) const {
    return always_ ? t + hours : add_working_hours_slow(t, hours);
  }
  /// Working hours inside [t0, t1).
  double working_hours_between(double t0, double t1) const {
    return always_ ? (t1 > t0 ? t1 - t0 : 0.0) : working_hours_between_slow(t0, t1);
  }
  double weekly_hours() const;
  /// Working hours of day `day` (from day 0 at the start date).
  double day_hours(long day) const;

 private:
  const std::vector<Interval>& day_intervals(long day) const;
  bool is_open_slow(double t) const;
  double next_open_slow(double t) const;
  double add_working_hours_slow(double t, double hours) const;
  double working_hours_between_slow(double t0, double t1) const;

  bool always_ = true;
  Calendar calendar_;
  std::array<std::vector<Interval>, 7> weekly_;
  std::vector<long> holidays_;        // sorted
  std::vector<long> extra_workdays_;  // sorted; they follow Monday's hours
  std::vector<Interval> none_;
  // Day lookup without searching: special_[day - special_first_] is 0 (ordinary), 1 (holiday) or
  // 2 (extra workday) for days between the first and last special day.
  long special_first_ = 0;
  std::vector<std::uint8_t> special_;
  int start_weekday_ = 0;  // weekday of day 0, 0 = Monday
  double week_hours_ = 0;
  std::array<double, 7> weekday_hours_{};
};

}  // namespace govsim::core
