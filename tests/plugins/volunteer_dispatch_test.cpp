// volunteer_dispatch: orders offered to volunteers (directed or grabbed), declines, the acceptance
// timeout and the fallback to paid staff.
#include <gtest/gtest.h>

#include "govsim/error.hpp"
#include "test_util.hpp"

using govsim::io::json;

namespace {
// A community with 10 volunteers (2 h per order) and 5 paid workers (1 h), over one grid; issues
// start at the community. `volunteer` overrides the volunteers' answer model.
json community(const json& params, const json& volunteer) {
  json doc = json::parse(R"({
    "schema_version": 1, "name": "volunteer-test", "start_date": "2024-01-01",
    "levels": [{"name": "community", "authority": 3}, {"name": "grid", "authority": 1}],
    "org": {"units": [{"name": "c", "children": [{"name": "g", "households": 438}]}]},
    "staff": {
      "worker": {"level": "community", "count": 5, "success": 1, "service": {"dist": "deterministic", "value": 1}},
      "volunteer": {"level": "community", "count": 10, "success": 1, "handles": [],
                    "service": {"dist": "deterministic", "value": 2}},
      "grid_worker": {"level": "grid", "count": 1, "success": 1, "service": {"dist": "deterministic", "value": 1}}},
    "demand": {"categories": {"issue": {"rate_per_household_year": 1.0}}},
    "policy": {"name": "volunteer_dispatch"},
    "run": {"horizon_days": 400, "warmup_days": 0, "replications": 3, "seed": 8}})");
  for (auto& [k, v] : volunteer.items()) doc["staff"]["volunteer"][k] = v;
  doc["policy"]["params"] = params;
  doc["policy"]["params"]["start_level"] = "community";
  return doc;
}

govsim::model::RunResult run(const json& doc) {
  return govsim::test::run(govsim::test::load_study(doc, "v.json"), 2, true);
}

// Hours from discovery to the first attempt, per issue that had one.
std::vector<double> to_first_attempt(const govsim::model::RunResult& r) {
  std::vector<double> out;
  for (const auto& rep : r.replications)
    for (const auto& is : rep.issues)
      if (is.first_response >= 0) out.push_back(is.first_response - is.discovered);
  return out;
}

double share_equal(const std::vector<double>& xs, double v) {
  std::size_t n = 0;
  for (double x : xs) n += std::abs(x - v) < 1e-9;
  return xs.empty() ? 0 : static_cast<double>(n) / static_cast<double>(xs.size());
}

double mean(const std::vector<double>& xs) {
  double s = 0;
  for (double x : xs) s += x;
  return s / static_cast<double>(xs.size());
}
}  // namespace

TEST(VolunteerDispatch, AcceptedOrdersAreTakenAfterTheReply) {
  const auto r = run(community(json::object(), json::parse(R"({"accept": 1, "reply_delay": {"dist": "deterministic", "value": 0.5}})")));
  EXPECT_EQ(r.metric("dispatched").ci.mean, r.metric("created").ci.mean);
  EXPECT_EQ(r.metric("taken_by_volunteers").ci.mean, r.metric("dispatched").ci.mean);
  EXPECT_EQ(r.metric("offers_declined").ci.mean, 0.0);
  EXPECT_EQ(r.metric("utilisation.worker@community").ci.mean, 0.0) << "the paid staff are never needed";
  EXPECT_GT(share_equal(to_first_attempt(r), 0.5), 0.95);
}

TEST(VolunteerDispatch, DeclinedOrdersFallBackAfterMaxOffers) {
  const auto r = run(community(json::parse(R"({"max_offers": 3})"),
                               json::parse(R"({"accept": 0, "reply_delay": {"dist": "deterministic", "value": 0.5}})")));
  EXPECT_EQ(r.metric("taken_by_volunteers").ci.mean, 0.0);
  // Exactly three declined offers per order, then the paid worker: the first attempt 1.5 h on.
  for (const auto& rep : r.replications) EXPECT_EQ(rep.offers_declined, 3 * rep.dispatched);
  EXPECT_GT(share_equal(to_first_attempt(r), 1.5), 0.95);
  EXPECT_EQ(r.metric("utilisation.volunteer@community").ci.mean, 0.0);
  EXPECT_EQ(r.metric("resolved").ci.mean + r.metric("open_at_end").ci.mean, r.metric("created").ci.mean);
}

TEST(VolunteerDispatch, AcceptanceTimeoutFallsBackToPaidStaff) {
  // Volunteers would answer after 10 h; the timeout is 4 h: the paid staff take every order at 4 h.
  const auto r = run(community(json::parse(R"({"accept_timeout_hours": 4})"),
                               json::parse(R"({"accept": 1, "reply_delay": {"dist": "deterministic", "value": 10}})")));
  EXPECT_EQ(r.metric("taken_by_volunteers").ci.mean, 0.0);
  const auto waits = to_first_attempt(r);
  EXPECT_GT(share_equal(waits, 4.0), 0.95);
  for (double w : waits) EXPECT_LE(w, 4.0 + 1.0 + 1e-9);  // at most a paid worker's wait beyond the timeout
  EXPECT_EQ(r.metric("utilisation.volunteer@community").ci.mean, 0.0) << "withdrawn offers hold nobody";
}

TEST(VolunteerDispatch, GrabbingTakesTheFastestOfTheFreeVolunteers) {
  // Replies ~ Exp(mean 2 h). Directed: one volunteer, mean 2 h. Grab: the first of the ~10 free
  // volunteers, mean 2/10 h (fewer free volunteers now and then make it a little longer).
  const json reply = json::parse(R"({"accept": 1, "reply_delay": {"dist": "exponential", "mean": 2}, "service": {"dist": "deterministic", "value": 0.1}})");
  const auto directed = run(community(json::object(), reply));
  const auto grab = run(community(json::parse(R"({"mode": "grab"})"), reply));
  EXPECT_EQ(directed.metric("created").ci.mean, grab.metric("created").ci.mean) << "same demand";
  const double d = mean(to_first_attempt(directed)), g = mean(to_first_attempt(grab));
  EXPECT_NEAR(d, 2.0, 0.2);
  EXPECT_NEAR(g, 0.2, 0.03);
}

TEST(VolunteerDispatch, ClearErrors) {
  auto message = [](const json& doc) {
    try {
      govsim::test::load_study(doc, "v.json");
    } catch (const govsim::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(community(json::parse(R"({"mode": "auction"})"), json::object())),
            "v.json: /policy/params/mode: expected \"directed\" or \"grab\", got \"auction\"");
  EXPECT_EQ(message(community(json::parse(R"({"volunteer_role": "helper"})"), json::object())),
            "v.json: /policy/params/volunteer_role: expected a role defined in /staff, got 'helper'");
  EXPECT_EQ(message(community(json::object(), json::parse(R"({"accept": 1.5})"))),
            "v.json: /staff/volunteer/accept: expected a number from 0 to 1, got 1.5");
}
