// referral: compounds refer what their partner owns along coordinates links; the partner hands
// back what it cannot settle. Conservation, refusal, hand-back, jurisdiction and bad input.
#include <gtest/gtest.h>

#include <fstream>

#include "govsim/error.hpp"
#include "test_util.hpp"

using govsim::io::json;

namespace {

json referral_doc() {
  std::ifstream in(govsim::test::source_path("scenarios/tests/referral.json"));
  json d;
  in >> d;
  return d;
}

double m(const govsim::model::RunResult& r, const std::string& name) { return r.metric(name).ci.mean; }

void conserved(const govsim::model::RunResult& r) {
  for (const auto& rep : r.replications)
    EXPECT_EQ(rep.created_all, rep.resolved_all + rep.closed_all + rep.withdrawn_all + rep.open_all);
}

// Refers every issue it can, to `target` when set.
class Referrer final : public govsim::plugin::Policy {
 public:
  explicit Referrer(govsim::plugin::UnitId target) : target_(target) {}
  govsim::plugin::Action on_issue_arrived(const govsim::plugin::IssueView& is, const govsim::plugin::Context&) override {
    return govsim::plugin::Action::refer(is.referred_from == govsim::plugin::kNoUnit ? target_ : 1);
  }
  govsim::plugin::Action on_attempt_finished(const govsim::plugin::IssueView&, const govsim::plugin::AttemptResult&,
                                             const govsim::plugin::Context&) override {
    return govsim::plugin::Action::close();
  }

 private:
  govsim::plugin::UnitId target_;
};

}  // namespace

TEST(Referral, ThePartnerThatOwnsTheCategorySettlesIt) {
  const auto r = govsim::test::run(govsim::test::load_study(referral_doc(), "r.json"), 2, true);
  conserved(r);
  // Every repair is referred to its compound's property company, which settles it (success 1).
  EXPECT_GT(m(r, "referrals"), 500);
  EXPECT_NEAR(m(r, "referrals"), m(r, "created.repair"), 2.0);
  EXPECT_EQ(m(r, "handbacks"), 0.0);
  EXPECT_EQ(m(r, "referrals_refused"), 0.0);
  EXPECT_EQ(m(r, "resolved_at_level.community"), 0.0);
  for (const auto& rep : r.replications)
    for (const auto& is : rep.issues)
      if (is.outcome == govsim::model::Outcome::kResolved && is.category == 0) {
        // Its own partner: compound-i refers to property-i.
        const std::string origin = r.unit_names[is.origin], at = r.unit_names[is.closed_at];
        EXPECT_EQ(at, "c/property-" + origin.substr(origin.size() - 1)) << "issue " << is.id;
        EXPECT_EQ(is.attempts, 1);
      }
  EXPECT_GT(m(r, "utilisation.property_manager@compound"), 0.01);
}

TEST(Referral, WhatThePartnerCannotSettleIsHandedBackAndClimbs) {
  json doc = referral_doc();
  doc["staff"]["property_manager"]["success"] = 0;
  const auto r = govsim::test::run(govsim::test::load_study(doc, "r.json"), 2, true);
  conserved(r);
  EXPECT_GT(m(r, "handbacks"), 500);
  EXPECT_NEAR(m(r, "handbacks"), m(r, "referrals"), 2.0) << "every referral comes back";
  EXPECT_NEAR(m(r, "escalations"), m(r, "handbacks"), 2.0) << "and the compound sends it up";
  for (const auto& rep : r.replications)
    for (const auto& is : rep.issues)
      if (is.outcome == govsim::model::Outcome::kResolved && is.category == 0) {
        EXPECT_EQ(r.unit_names[is.closed_at], "c");
        EXPECT_EQ(is.attempts, 4) << "three at the partner (tiered's default), one at the community";
      }
}

TEST(Referral, APartnerThatRefusesKeepsTheIssueWithTheCompound) {
  json doc = referral_doc();
  doc["org"]["units"][0]["children"][1]["refuses"] = 1.0;
  const auto r = govsim::test::run(govsim::test::load_study(doc, "r.json"), 2, false);
  conserved(r);
  EXPECT_EQ(m(r, "referrals"), 0.0);
  EXPECT_NEAR(m(r, "referrals_refused"), m(r, "created.repair"), 2.0);
  EXPECT_EQ(m(r, "resolved_at_level.compound"), m(r, "resolved.dispute")) << "repairs go up";
  // Half refuse: about half the referrals are taken.
  doc["org"]["units"][0]["children"][1]["refuses"] = 0.5;
  const auto half = govsim::test::run(govsim::test::load_study(doc, "r.json"), 2, false);
  const double share = m(half, "referrals") / (m(half, "referrals") + m(half, "referrals_refused"));
  EXPECT_NEAR(share, 0.5, 0.05);
}

TEST(Referral, ReferralsOffTheLinksAreErrors) {
  const auto sc = govsim::test::load_study(referral_doc(), "r.json");
  Referrer to_community(0);
  EXPECT_EQ(govsim::test::model_error(sc, to_community).substr(0, 20), "policy 'referral', r");
  EXPECT_NE(govsim::test::model_error(sc, to_community).find("the policy referred the issue from 'c/compound-"), std::string::npos);
  EXPECT_NE(govsim::test::model_error(sc, to_community).find("to 'c', which it has no coordinates link to"), std::string::npos);
  Referrer onwards(govsim::plugin::kNoUnit);  // at the partner it refers again
  EXPECT_NE(govsim::test::model_error(sc, onwards).find("referred the issue on from 'c/property-"), std::string::npos);
  json bad = referral_doc();
  bad["org"]["units"][0]["children"][0]["coordinates"] = json::array({"../nowhere-{i}"});
  EXPECT_EQ(govsim::test::load_error(bad, "r.json"),
            "r.json: /org/units/0/children/0/coordinates/0: expected the path of a unit to coordinate with (e.g. "
            "\"district/street-1\", or \"../x\" for a sibling), got '../nowhere-{i}', which names 'c/nowhere-1' "
            "for unit 'c/compound-1'");
  // Referring levels named, a unit there without a partner for a referred category is refused on
  // load — here the compounds have no coordinates links at all.
  bad = referral_doc();
  bad["org"]["units"][0]["children"][0].erase("coordinates");
  EXPECT_EQ(govsim::test::load_error(bad, "r.json"),
            "r.json: /policy/params/levels: expected every unit at level 'compound' to have a coordinates link to a "
            "partner that takes category 'repair' (one that owns it, or a general one): 'c/compound-1' has none");
  // The same inside a process, with the stage's path.
  bad["policy"] = json::parse(R"({"name": "process", "params": {"stages": {"refer": {"policy": "referral",
      "params": {"levels": ["compound"], "categories": ["repair"]}}}, "routes": [{"stages": ["refer"]}]}})");
  EXPECT_EQ(govsim::test::load_error(bad, "r.json").substr(0, 68),
            "r.json: /policy/params/stages/refer/params/levels: expected every un");
  bad = referral_doc();
  bad["org"]["units"][0]["children"][1]["refuses"] = 1.5;
  EXPECT_EQ(govsim::test::load_error(bad, "r.json"),
            "r.json: /org/units/0/children/1/refuses: expected a number from 0 to 1, got 1.5");
}

// A process whose referring stage resumes after the hand-back counts its attempts there afresh:
// at the compound, first line 2 attempts, then the referral stage refers first (the partner's
// route gives it 1), and its own 2 after the hand-back; everyone failing, the community's 1 last.
TEST(Referral, AStageResumingAfterAHandBackCountsItsAttemptsAfresh) {
  json doc = referral_doc();
  for (const char* r : {"grid_worker", "property_manager", "community_worker"}) doc["staff"][r]["success"] = 0;
  doc["staff"]["grid_worker"]["handles"] = json::array({"dispute", "repair"});
  doc["policy"] = json::parse(R"({"name": "process", "params": {
    "stages": {"fl": {"policy": "tiered", "params": {"max_attempts_per_unit": 2}},
               "ref": {"policy": "referral", "params": {"levels": ["compound"], "categories": ["repair"], "before_handling": true,
                                                        "max_attempts_per_unit": 2}},
               "up": {"policy": "tiered", "params": {"max_attempts_per_unit": 1}}},
    "routes": [{"when": {"levels": ["compound"], "referred": false}, "stages": ["fl", "ref"]}, {"stages": ["up"]}]}})");
  const auto r = govsim::test::run(govsim::test::load_study(doc, "r.json"), 2, true);
  conserved(r);
  std::size_t n = 0;
  for (const auto& rep : r.replications)
    for (const auto& is : rep.issues)
      if (is.category == 0 && is.outcome == govsim::model::Outcome::kClosedUnresolved) {
        EXPECT_EQ(is.attempts, 2 + 1 + 2 + 1) << "first line 2, the partner 1 (its own stage), the referring stage 2, the community 1";
        ++n;
      }
  EXPECT_GT(n, 300u);
}
