// Policies loaded from shared libraries: the same results as built in, clear refusals, and errors
// from inside a plugin that name the policy, the issue and the time.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "govsim/error.hpp"
#include "govsim/io/results_writer.hpp"
#include "govsim/model/engine.hpp"
#include "govsim/plugin/registry.hpp"
#include "test_util.hpp"

using govsim::io::json;
using govsim::test::source_path;

namespace {
std::string load_error(const std::string& path) {
  try {
    govsim::plugin::load_plugin(path);
  } catch (const govsim::PluginError& e) {
    return e.what();
  }
  return "no error";
}
json scenario_with_plugin(const std::string& name, const std::string& plugin) {
  json doc = govsim::io::read_json_file(source_path("scenarios/tests/chain4.json"));
  doc["policy"]["name"] = name;
  if (name != "tiered") doc["policy"]["params"] = json::object();
  doc["policy"]["plugin"] = plugin;
  doc["run"]["horizon_days"] = 60;
  doc["run"]["replications"] = 3;
  return doc;
}
}  // namespace

TEST(PluginLoader, TieredAsALibraryGivesTheBuiltInResults) {
  const auto built_in = govsim::test::load_study(scenario_with_plugin("tiered", ""), "chain4.json");
  auto doc = scenario_with_plugin("tiered", TIERED_PLUGIN);
  const auto external = govsim::test::load_study(doc, "chain4.json");
  EXPECT_EQ(govsim::plugin::find_policy(external.policy).origin(), TIERED_PLUGIN);
  EXPECT_EQ(govsim::test::summary_text(govsim::test::run(built_in)), govsim::test::summary_text(govsim::test::run(external)));
}

TEST(PluginLoader, APolicyKeepsItsLibraryLoaded) {
  const auto sc = govsim::test::load_study(scenario_with_plugin("tiered", TIERED_PLUGIN), "chain4.json");
  govsim::plugin::PolicyPtr policy;
  {
    const auto handle = govsim::plugin::load_plugin(TIERED_PLUGIN);
    policy = handle.create(sc, sc.policy);
  }  // the handle is gone; the policy still holds the library
  const auto r = govsim::model::run_replication(sc, *policy, 0);
  EXPECT_GT(r.resolved_all, 0u);
}

TEST(PluginLoader, RefusesWrongVersionMissingEntryPointAndNonLibraries) {
  EXPECT_EQ(load_error(BAD_ABI_PLUGIN), std::string("cannot load plugin ") + BAD_ABI_PLUGIN +
                                            ": it was built for plugin API version 999, but this govsim has version " + std::to_string(govsim::plugin::kPluginApiVersion) + "; "
                                            "rebuild it against this govsim");
  const std::string ours = govsim::plugin::to_string(govsim::plugin::build_fingerprint());
  auto elsewhere = govsim::plugin::build_fingerprint();
  elsewhere.cxx_abi = 1;  // as bad_build_plugin.cpp sets it
  const std::string theirs = govsim::plugin::to_string(elsewhere);
  EXPECT_EQ(load_error(BAD_BUILD_PLUGIN), std::string("cannot load plugin ") + BAD_BUILD_PLUGIN + ": it was built with " + theirs +
                                              ", but this govsim with " + ours +
                                              "; rebuild it with the same compiler against this govsim's headers");
  EXPECT_EQ(load_error(NO_ENTRY_PLUGIN), std::string("cannot load plugin ") + NO_ENTRY_PLUGIN +
                                             ": it has no entry point 'govsim_plugin_info' (build it with "
                                             "GOVSIM_EXPORT_POLICY)");
  const auto fake = std::filesystem::temp_directory_path() / "govsim_not_a_library.so";
  std::ofstream(fake) << "not a library\n";
  const std::string msg = load_error(fake.string());
  EXPECT_EQ(msg.rfind("cannot load plugin " + fake.string() + ": not a loadable library (", 0), 0u) << msg;
}

TEST(PluginLoader, ScenarioErrorsNameThePluginEntry) {
  try {
    govsim::test::load_study(scenario_with_plugin("tiered", THROWING_PLUGIN), "x.json");
    FAIL();
  } catch (const govsim::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), std::string("x.json: /policy/plugin: expected a known policy: plugin ") +
                                         THROWING_PLUGIN + " provides the policy 'throwing', not 'tiered'");
  }
  auto doc = scenario_with_plugin("throwing", THROWING_PLUGIN);
  doc["policy"]["params"] = {{"fail_after", -1}};
  try {
    govsim::test::load_study(doc, "x.json");
    FAIL();
  } catch (const govsim::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), "x.json: /policy/params/fail_after: expected an integer from 0 to 1000000, got -1");
  }
}

TEST(PluginLoader, AnExceptionInsideAPolicyStopsTheRunWithItsContext) {
  const auto sc = govsim::test::load_study(scenario_with_plugin("throwing", THROWING_PLUGIN), "x.json");
  try {
    govsim::test::run(sc, 2);
    FAIL() << "no error";
  } catch (const govsim::ModelError& e) {
    const std::string m = e.what();
    EXPECT_EQ(m.rfind("policy 'throwing', replication 0, issue ", 0), 0u) << m;
    EXPECT_NE(m.find(" h (2024-01-"), std::string::npos) << m;
    EXPECT_NE(m.find("): the throwing policy gave up"), std::string::npos) << m;
  }
}

TEST(PluginLoader, DiscoversLibrariesOnTheSearchPath) {
  ASSERT_EQ(setenv("GOVSIM_PLUGIN_PATH", TEST_PLUGIN_DIR, 1), 0);
  const auto d = govsim::plugin::discover_policies();
  unsetenv("GOVSIM_PLUGIN_PATH");
  std::vector<std::string> found;
  for (const auto& h : d.policies) found.push_back(std::string(h.info().name) + "@" + (h.origin() == "built-in" ? "built-in" : "lib"));
  // Built-ins first (by name), then libraries in file-name order.
  EXPECT_EQ(found, (std::vector<std::string>{"closed_loop@built-in", "deliberation_day@built-in", "major_decision@built-in",
                                              "process@built-in", "referral@built-in", "sla_escalation@built-in", "tiered@built-in", "volunteer_dispatch@built-in",
                                              "whistle@built-in", "throwing@lib", "tiered@lib"}));
  ASSERT_EQ(d.problems.size(), 2u);  // the wrong-version and the entry-less libraries, with reasons
  EXPECT_NE(d.problems[0].find("plugin API version 999"), std::string::npos) << d.problems[0];
  EXPECT_NE(d.problems[1].find("no entry point"), std::string::npos) << d.problems[1];
}
