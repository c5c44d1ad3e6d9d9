#include "govsim/core/calendar.hpp"

#include <gtest/gtest.h>

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

TEST(WorkCalendar, RejectsEmptyOrOverlappingWeeks) {
  std::array<std::vector<WorkCalendar::Interval>, 7> empty;
  EXPECT_THROW(WorkCalendar::weekly(empty, cal2024()), std::invalid_argument);
  std::array<std::vector<WorkCalendar::Interval>, 7> overlap;
  overlap[0] = {{8, 12}, {11, 13}};
  EXPECT_THROW(WorkCalendar::weekly(overlap, cal2024()), std::invalid_argument);
}
