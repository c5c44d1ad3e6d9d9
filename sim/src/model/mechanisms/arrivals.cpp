#include "model/mechanisms/arrivals.hpp"

#include <algorithm>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <cmath>
#include <limits>

#include "model/mechanisms/duties.hpp"

namespace govsim::model {

Arrivals::Arrivals(const Env& env) : env_(env) {
  const double households = households_ = static_cast<double>(env.sc.org.total_households());
  for (std::size_t c = 0; c < env.sc.categories.size(); ++c) {
    const auto& cat = env.sc.categories[c];
    Category a{env.streams.sequential(Purpose::kArrivals, c), env.streams.sequential(Purpose::kDispersion, c)};
    a.base_rate = households * cat.rate_per_household_year / core::kHoursPerYear;
    set_piece(a, cat, 0.0);
    cats_.push_back(a);
  }
  discovered_ = env.sim.add_handler<&Arrivals::on_discovery>(this);
}

// Piecewise-constant arrival rate: a piece is a day, or an hour with an hourly profile.
void Arrivals::set_piece(Category& a, const CategorySpec& cat, double t) {
  const Scenario& sc = env_.sc;
  const long day = core::Calendar::day_index(t);
  if (day != a.day) {
    a.day = day;
    a.daily = 1;
    if (cat.overdispersion > 0) {
      const double k = cat.overdispersion;
      a.daily = boost::random::gamma_distribution<double>(1.0 / k, k)(a.dispersion_rng);
    }
    const auto cid = static_cast<std::size_t>(&cat - sc.categories.data());
    for (const auto& s : sc.surges)
      if (s.categories[cid] && day >= s.first_day && day <= s.last_day) a.daily *= s.multiplier;
  }
  double rate = a.base_rate * a.daily * cat.month[sc.calendar.month_of_day(day)] *
                cat.weekday[sc.calendar.weekday_of_day(day)];
  if (cat.hour) {
    const double hour = std::floor(t - day * core::kHoursPerDay);
    a.piece_end = day * core::kHoursPerDay + hour + 1;
    rate *= (*cat.hour)[static_cast<std::size_t>(std::min(hour, 23.0))];
  } else {
    a.piece_end = (day + 1) * core::kHoursPerDay;
  }
  a.rate = rate;
  a.inv_rate = rate > 0 ? 1.0 / rate : 0.0;
}

[[gnu::always_inline]] inline void Arrivals::schedule_next(CategoryId c) {
  Category& a = cats_[c];
  const auto& cat = env_.sc.categories[c];
  const double horizon = env_.rec.horizon();
  // Inversion of the cumulative rate: one unit exponential per arrival, carried across pieces.
  double e = boost::random::exponential_distribution<double>(1.0)(a.rng);
  a.pending = false;
  for (;;) {
    if (a.t >= horizon) return;
    if (a.rate > 0) {
      const double dt = e * a.inv_rate;
      if (a.t + dt < a.piece_end) {
        a.t += dt;
        if (a.t > horizon) return;
        a.key = env_.sim.stamp(order::kArrival);
        a.pending = true;
        return;
      }
      e -= a.rate * (a.piece_end - a.t);
    }
    a.t = a.piece_end;
    set_piece(a, cat, a.t);
  }
}

[[gnu::always_inline]] inline void Arrivals::update_next() {
  next_ = kNone;
  for (std::size_t c = 0; c < cats_.size(); ++c) {
    const Category& a = cats_[c];
    if (!a.pending) continue;
    if (next_ == kNone || a.t < cats_[next_].t || (a.t == cats_[next_].t && a.key < cats_[next_].key))
      next_ = static_cast<std::uint32_t>(c);
  }
}

void Arrivals::start() {
  for (std::size_t c = 0; c < cats_.size(); ++c) schedule_next(static_cast<CategoryId>(c));
  update_next();
}

std::uint32_t Arrivals::fire() {
  const auto c = static_cast<CategoryId>(next_);
  env_.issues.focus(kNoSlot);
  schedule_next(c);
  update_next();
  const auto& cat = env_.sc.categories[c];
  const World& w = env_.world;
  const double now = env_.now();
  const std::uint32_t slot = env_.issues.create(c, now);
  Issue& is = env_.issues[slot];
  env_.rec.created(is, now);
  // Attributes come from a stream keyed by the issue id, so every policy sees the same issue.
  // Draws whose answer is fixed by the scenario (one leaf, one severity, ...) are skipped.
  auto g = env_.streams.keyed(Purpose::kAttributes, is.v.id, 0);
  std::size_t li = 0;
  if (w.leaves.size() > 1) li = w.leaf_table.sample(core::uniform01(g));
  is.v.origin = is.v.unit = w.leaves[li];
  const auto& sev = w.severity_cum[c];
  std::size_t si = 0;
  if (sev.size() > 1)
    si = std::min<std::size_t>(std::upper_bound(sev.begin(), sev.end(), core::uniform01(g)) - sev.begin(), sev.size() - 1);
  is.severity = static_cast<std::uint8_t>(1 + si);
  is.v.assessed_severity = is.severity;
  if (cat.assessment_error > 0) {
    const double u_err = core::uniform01(g), u_dir = core::uniform01(g);
    if (u_err < cat.assessment_error) {
      const int a = is.severity + (u_dir < 0.5 ? -1 : 1);
      is.v.assessed_severity = static_cast<std::uint8_t>(std::clamp(a, 1, static_cast<int>(cat.severity.size())));
    }
  }
  const auto& ch = w.channel_cum[c];
  std::size_t k = 0;
  if (ch.size() > 1)
    k = std::min<std::size_t>(std::upper_bound(ch.begin(), ch.end(), core::uniform01(g)) - ch.begin(), ch.size() - 1);
  const DiscoveryChannel& channel = cat.discovery[k];
  if (channel.kind == DiscoveryChannel::Kind::kReport) {
    const double delay = channel.delay->sample(g);  // inline; a deterministic delay draws nothing
    if (delay > 0) {
      env_.rec.awaiting_discovery();
      is.awaiting_discovery = true;
      env_.sim.schedule(now + delay, order::kDiscovery, discovered_, slot, 0);
      return kNoSlot;
    }
    env_.rec.found(0, now);
    env_.issues.focus(slot);
    return slot;
  }
  // Found by staff or couriers, or by the residents if they report it first.
  env_.rec.awaiting_discovery();
  is.awaiting_discovery = true;
  const double report_at = channel.delay ? now + channel.delay->sample(g) : std::numeric_limits<double>::infinity();
  if (channel.kind == DiscoveryChannel::Kind::kCourier) {
    const double covered = std::min(1.0, channel.couriers * channel.households_each / households_);
    double at = report_at;
    std::uint32_t finder = 0;
    if (core::uniform01(g) < covered) {
      const double courier_at = now + channel.courier_delay.sample(g);
      if (courier_at < at) {
        at = courier_at;
        finder = 3;
      }
    }
    if (std::isfinite(at)) env_.sim.schedule(at, order::kDiscovery, discovered_, slot, finder);
    return kNoSlot;
  }
  duties_->await(slot, channel, core::uniform01(g), report_at);
  return kNoSlot;
}

void Arrivals::on_discovery(const core::Event& e) {
  env_.issues.focus(e.a);
  env_.rec.found(e.b, env_.now());
  env_.router.discovered(e.a);
}

}  // namespace govsim::model
