#include "govsim/core/calendar.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

using namespace govsim::core;

namespace {
// 2024-01-01 is a Monday.
Calendar cal2024() { return Calendar(*parse_date("2024-01-01")); }
WorkCalendar office(std::vector<long> holidays = {}, std::vector<long> extra = {}) {
  std::array<std::vector<WorkCalendar::Interval>, 7> w;
  for (int d = 0; d < 5; ++d) w[d] = {{8.5, 12.0}, {14.0, 17.5}};  // 7 h a day
  return WorkCalendar::weekly(w, cal2024(), holidays, extra);
}
}  // namespace

TEST(Calendar, ParsesAndFormatsDates) {
  EXPECT_EQ(format_date(*parse_date("2022-02-28")), "2022-02-28");
  EXPECT_FALSE(parse_date("2022-02-30"));
  EXPECT_FALSE(parse_date("2022-2-3"));
  EXPECT_FALSE(parse_date("20220203xx"));
  const Calendar c = cal2024();
  EXPECT_EQ(c.weekday_of_day(0), 0);    // Monday
  EXPECT_EQ(c.weekday_of_day(6), 6);    // Sunday
  EXPECT_EQ(c.month_of_day(31), 1);     // 1 February
  EXPECT_EQ(c.day_of_month(59), 29);    // 29 February 2024 (leap year)
  EXPECT_EQ(c.day_of(*parse_date("2024-12-31")), 365);
}

TEST(WorkCalendar, OpenHoursAndNextOpen) {
  const WorkCalendar w = office();
  EXPECT_FALSE(w.is_open(8.0));
  EXPECT_TRUE(w.is_open(8.5));
  EXPECT_FALSE(w.is_open(12.0));  // intervals are half-open
  EXPECT_EQ(w.next_open(12.5), 14.0);
  EXPECT_EQ(w.next_open(4 * 24 + 18), 7 * 24 + 8.5);  // Friday evening -> Monday 08:30
  EXPECT_DOUBLE_EQ(w.weekly_hours(), 35.0);
}

TEST(WorkCalendar, AddWorkingHoursSkipsNightsWeekendsAndHolidays) {
  const WorkCalendar w = office();
  EXPECT_DOUBLE_EQ(w.add_working_hours(9.0, 2.0), 11.0);
  EXPECT_DOUBLE_EQ(w.add_working_hours(11.0, 2.0), 15.0);              // lunch break
  EXPECT_DOUBLE_EQ(w.add_working_hours(4 * 24 + 17.0, 1.0), 7 * 24 + 9.0);  // Fri 17:00 + 1 h -> Mon 09:00
  EXPECT_DOUBLE_EQ(w.add_working_hours(20.0, 0.0), 24 + 8.5);          // starts at the next opening
  const WorkCalendar h = office({7});                                  // Monday 8 January is a holiday
  EXPECT_DOUBLE_EQ(h.add_working_hours(4 * 24 + 17.0, 1.0), 8 * 24 + 9.0);
  const WorkCalendar x = office({}, {5});  // Saturday 6 January is a make-up working day
  EXPECT_DOUBLE_EQ(x.add_working_hours(4 * 24 + 17.0, 1.0), 5 * 24 + 9.0);
}

TEST(WorkCalendar, WorkingHoursBetweenInvertsAdd) {
  const WorkCalendar w = office({2});
  for (double start : {0.0, 9.25, 13.0, 50.0, 100.0})
    for (double h : {0.5, 3.0, 7.0, 20.0, 60.0}) {
      const double end = w.add_working_hours(start, h);
      EXPECT_NEAR(w.working_hours_between(w.next_open(start), end), h, 1e-9) << start << " + " << h;
    }
  EXPECT_DOUBLE_EQ(w.working_hours_between(0, 7 * 24), 28.0);  // one holiday in the first week
  EXPECT_DOUBLE_EQ(WorkCalendar::always().working_hours_between(3, 10), 7.0);
}

// Opening times that are not exact in binary (08:20 = 8.333… h): the time next_open() gives must be
// open, on every day of a long stretch, or a pool would wake up closed again and again.
TEST(WorkCalendar, OpeningTimesThatAreNotExactInBinaryAreOpen) {
  std::array<std::vector<WorkCalendar::Interval>, 7> w;
  for (int d = 0; d < 5; ++d) w[d] = {{8 + 20 / 60.0, 12 + 10 / 60.0}, {13 + 50 / 60.0, 17 + 10 / 60.0}};
  const WorkCalendar c = WorkCalendar::weekly(w, cal2024(), {3, 40}, {5});
  for (int day = 0; day < 400; ++day)
    for (double h : {0.0, 8.0, 12.5, 17.5}) {
      const double t = c.next_open(day * 24.0 + h);
      ASSERT_TRUE(c.is_open(t)) << "day " << day << " hour " << h << " -> " << t;
      ASSERT_GE(t, day * 24.0 + h);
    }
}

// A service time of a billion hours of work ends (weeks are skipped, not walked day by day).
TEST(WorkCalendar, HugeServiceTimesFinishAndAddUp) {
  const WorkCalendar w = office({2, 9});
  const double end = w.add_working_hours(10.0, 1e9);
  EXPECT_NEAR(end / (7 * 24.0), 1e9 / 35.0, 2.0);  // ~35 working hours a week
  const double end2 = w.add_working_hours(10.0, 3500.0);
  EXPECT_NEAR(w.working_hours_between(10.0, end2), 3500.0, 1e-6);
}

TEST(WorkCalendar, RejectsEmptyOrOverlappingWeeks) {
  std::array<std::vector<WorkCalendar::Interval>, 7> empty;
  EXPECT_THROW(WorkCalendar::weekly(empty, cal2024()), std::invalid_argument);
  std::array<std::vector<WorkCalendar::Interval>, 7> overlap;
  overlap[0] = {{8, 12}, {11, 13}};
  EXPECT_THROW(WorkCalendar::weekly(overlap, cal2024()), std::invalid_argument);
}

// Beyond a billion weeks of work (1e20 hours, 1e300) the end is found at the average rate, without
// walking (or overflowing) day indices; NaN and negative hours are refused, never looped on.
TEST(WorkCalendar, AstronomicalServiceTimesEndAndNaNIsRefused) {
  const WorkCalendar w = office({2, 9});
  for (double hours : {1e20, 1e300, 1.7e308}) {
    const double end = w.add_working_hours(10.0, hours);
    EXPECT_TRUE(end > 10.0) << hours;
    if (std::isfinite(end)) {
      EXPECT_NEAR(end / hours, 168.0 / 35.0, 1e-9) << hours;
    }
  }
  EXPECT_THROW(w.add_working_hours(10.0, NAN), std::domain_error);
  EXPECT_THROW(w.add_working_hours(10.0, -1.0), std::domain_error);
}
