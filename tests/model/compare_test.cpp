// Paired comparison under common random numbers.
#include "govsim/model/compare.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "govsim/error.hpp"
#include "govsim/io/scenario_loader.hpp"
#include "test_util.hpp"

using govsim::test::load;

TEST(Compare, IdenticalPoliciesGiveIdenticalResults) {
  const auto sc = govsim::test::load_kenli_tiered({"/run/replications=4", "/run/horizon_days=60"});
  auto a = sc.policy;
  auto b = sc.policy;
  b.label = "again";
  const auto r = govsim::test::compare(sc, {a, b});
  ASSERT_EQ(r.differences.size(), 1u);
  for (const auto& d : r.differences[0]) {
    EXPECT_EQ(d.ci.mean, 0.0) << d.name;
    EXPECT_EQ(d.ci.half_width, 0.0) << d.name;
  }
}

// Pairing removes the demand noise both policies share: the paired interval of the difference is
// much narrower than the two separate intervals together.
TEST(Compare, PairedDifferencesAreSharperThanSeparateIntervals) {
  const auto sc = govsim::test::load_kenli_tiered({"/run/replications=6", "/run/horizon_days=120"});
  const auto variant = govsim::plugin::parse_policy_option("community=tiered:{\"start_level\": \"community\"}", sc);
  EXPECT_EQ(variant.params["max_attempts_per_unit"], 2) << "a variant keeps the scenario's other parameters";
  const auto r = govsim::test::compare(sc, {sc.policy, variant});
  for (const auto& d : r.differences[0]) {
    const auto& base = r.runs[0].metric(d.name).ci;
    const auto& other = r.runs[1].metric(d.name).ci;
    if (d.name == "ttr_mean_hours") {
      EXPECT_GT(d.ci.mean, 0) << "starting at the community is slower";
      EXPECT_NEAR(d.ci.mean, other.mean - base.mean, 1e-9);
    }
    // The issues resolved follow the shared demand: paired, the noise cancels.
    if (d.name == "resolved") {
      EXPECT_LT(d.ci.half_width, 0.2 * (base.half_width + other.half_width));
    }
  }
  EXPECT_EQ(r.runs[0].metric("created").ci.mean, r.runs[1].metric("created").ci.mean) << "same demand";
}

// Policies built on tiered take the scenario's tiered settings; one that never intervenes (closed_loop
// when every rating is perfect, sla_escalation with an unreachable limit) then equals tiered exactly.
TEST(Compare, SharedParametersCarryOverToOtherPolicies) {
  const auto sc = govsim::test::load_kenli_tiered({"/run/replications=3", "/run/horizon_days=90", "/evaluation/base=1",
                                                "/evaluation/per_day=0", "/evaluation/per_level_up=0", "/evaluation/sd=0"});
  const auto loop = govsim::plugin::policy_for_comparison("closed_loop", sc);
  EXPECT_EQ(loop.params, sc.policy.params) << "closed_loop documents tiered's parameters";
  const auto sla = govsim::plugin::parse_policy_option("sla_escalation:{\"limits_hours\": 1e9}", sc);
  EXPECT_EQ(sla.params["max_attempts_per_unit"], 2);
  const auto r = govsim::test::compare(sc, {sc.policy, loop, sla});
  for (const auto& diffs : r.differences)
    for (const auto& d : diffs) EXPECT_EQ(d.ci.mean, 0.0) << d.name;
}

TEST(Compare, BadPolicyOptionsAreClearErrors) {
  const auto sc = load("scenarios/tests/mmc.json");
  auto message = [&](const std::string& text) {
    try {
      const auto spec = govsim::plugin::parse_policy_option(text, sc);
      govsim::test::compare(sc, {sc.policy, spec});
    } catch (const govsim::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("x=tiered:{\"max_attempts_per_unit\": 0}"),
            "--policy 'x=tiered:{\"max_attempts_per_unit\": 0}': /max_attempts_per_unit: expected an integer from 1 to "
            "100000, got 0");
  EXPECT_EQ(message("tiered:[1]"), "--policy 'tiered:[1]': /: expected a JSON object of parameters after ':'");
  EXPECT_EQ(message("=tiered"), "--policy '=tiered': /: expected a label before '='");
  EXPECT_EQ(message("nosuch"), "unknown policy 'nosuch'; known policies: closed_loop, deliberation_day, major_decision, process, referral, sla_escalation, tiered, volunteer_dispatch, whistle");
  EXPECT_EQ(message("tiered"), "compare: two policies are labelled 'tiered'; give one a label (LABEL=NAME, or another name in the variants file)");
}

// A variants file: each named variant is the scenario's policy (or another) patched by name; the
// same as the --policy option it stands for, and bad ones named by file and JSON path.
TEST(Compare, VariantsFilesPatchTheScenariosProcessByName) {
  const auto sc = load("scenarios/kenli.json", {"/run/replications=2", "/run/horizon_days=120", "/run/warmup_days=0"});
  const auto specs = govsim::plugin::read_variants(govsim::test::source_path("scenarios/variants/kenli-whatif.json"), sc);
  ASSERT_EQ(specs.size(), 5u);
  EXPECT_EQ(specs[1].label, "no_deliberation");
  EXPECT_FALSE(specs[1].params["routes"].contains("compound"));
  EXPECT_FALSE(specs[1].params["stages"].contains("red_bench"));
  EXPECT_TRUE(specs[1].params["routes"].contains("street")) << "what the patch does not name is kept";
  const auto option = govsim::plugin::parse_policy_option(
      R"(no_deliberation=process:{"stages": {"red_bench": null, "deliberation_day": null}, "routes": {"compound": null}})", sc);
  EXPECT_EQ(specs[1].params, option.params);
  const auto r = govsim::test::compare(sc, {sc.policy, specs[1]});
  EXPECT_LT(r.runs[1].metric("meetings_held").ci.mean, r.runs[0].metric("meetings_held").ci.mean) << "no red-bench meetings";

  const std::string file = testing::TempDir() + "variants.json";
  auto message = [&](const std::string& text) {
    std::ofstream(file) << text;
    try {
      for (const auto& s : govsim::plugin::read_variants(file, sc)) (void)govsim::plugin::resolve_policy(sc, s);
    } catch (const govsim::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(R"({"a": {"params": {"stages": {"whistle": null}}}})"),
            file + ": /a/params/routes/street/stages/2: expected the name of a stage in /stages (first_line, red_bench, "
                   "deliberation_day, decision, community_meeting, street_joint, rate), got 'whistle'");
  EXPECT_EQ(message(R"({"a": {"params": {"routes": {"street": {"stages": ["nobody"]}}}}})"),
            file + ": /a/params/routes/street/stages/0: expected the name of a stage in /stages (first_line, red_bench, deliberation_day, "
                   "decision, community_meeting, street_joint, whistle, rate), got 'nobody'");
  EXPECT_EQ(message(R"({"a": {"policy": "nosuch"}})").substr(0, file.size() + 61), file + ": /a/policy: expected a known policy: unknown policy 'nosuch'");
  EXPECT_EQ(message(R"({"a": {"parms": {}}})"), file + ": /a/parms: unknown key 'parms'; expected one of: policy, params, description");
  EXPECT_EQ(message(R"({"": {}})"), file + ": /: expected a non-empty label for the variant");
  EXPECT_THROW(govsim::io::check_comparison_folders({"a/b", "a_b"}), govsim::Error);
  EXPECT_NO_THROW(govsim::io::check_comparison_folders({"a-b", "a_b"}));
  EXPECT_EQ(message("{}"), file + ": /: expected at least one variant: {\"LABEL\": {\"policy\": NAME, \"params\": {...}}}");
}
