#pragma once
// Where policies come from: built into govsim, or loaded from plugin libraries. A policy object
// holds its library open until it is destroyed (LLVM's pass-plugin rule).
#include <memory>
#include <string>
#include <vector>

#include "govsim/model/runner.hpp"
#include "govsim/model/scenario.hpp"
#include "govsim/plugin/policy.hpp"
#include "govsim/plugin/process.hpp"

namespace govsim::plugin {

/// Frees a policy through the library that made it, and keeps that library loaded until then.
struct PolicyDeleter {
  void (*destroy)(Policy*) noexcept = nullptr;
  std::shared_ptr<void> library;
  void operator()(Policy* p) const noexcept {
    if (p) destroy(p);
  }
};
using PolicyPtr = std::unique_ptr<Policy, PolicyDeleter>;

/// A policy found by name or path.
class PolicyHandle {
 public:
  PolicyHandle(const PluginInfo* info, std::shared_ptr<void> library, std::string origin)
      : info_(info), library_(std::move(library)), origin_(std::move(origin)) {}
  const PluginInfo& info() const { return *info_; }
  /// "built-in", or the path of the library it came from.
  const std::string& origin() const { return origin_; }
  /// The library it came from (nullptr for a built-in), held open by every policy it makes.
  const std::shared_ptr<void>& library() const { return library_; }
  /// A new policy for `scenario` with `spec`'s parameters. A refused parameter is a ConfigError
  /// naming spec.source (else the scenario file) and spec.params_path followed by the parameter.
  PolicyPtr create(const model::Scenario& scenario, const model::PolicySpec& spec) const;

 private:
  const PluginInfo* info_;
  std::shared_ptr<void> library_;
  std::string origin_;
};

/// The policies compiled into govsim (each registers itself: GOVSIM_POLICY), sorted by name.
std::vector<PolicyHandle> builtin_policies();
/// Loads one plugin library. PluginError, naming the file, when it is not a loadable library, has no
/// govsim_plugin_info entry point, or was built for another plugin API version (both versions named).
PolicyHandle load_plugin(const std::string& path);
/// Folders searched for plugin libraries (*.so): GOVSIM_PLUGIN_PATH (':'-separated), then
/// <folder of the govsim program>/plugins and <that folder>/../lib/govsim/plugins.
std::vector<std::string> plugin_search_path();

struct Discovery {
  std::vector<PolicyHandle> policies;  // built-ins first, then plugins in search-path order
  std::vector<std::string> problems;   // libraries on the path that could not be loaded, and why
};
/// Built-in policies and every plugin library found on the search path.
Discovery discover_policies();

/// The policy `spec` names: the library spec.plugin if set (its policy must be called spec.name),
/// else a built-in, else the first plugin of that name on the search path. PluginError if none,
/// listing the names known.
PolicyHandle find_policy(const model::PolicySpec& spec);
PolicyHandle find_policy(const std::string& name);

/// The policy `spec` names, resolved once for a study of `scenario`: found (once), its
/// parameters checked by building it once (a ConfigError naming spec.source, else the scenario
/// file, and the parameter's JSON path), the scenario's names and the parameters' text prepared
/// once for every replication's policy. A policy of the scenario file that cannot be found is a
/// ConfigError at /policy/name (or /policy/plugin); one given elsewhere, a PluginError.
/// A `process` policy's Python stages come in `stages` (StageFactories: name -> factory).
model::PolicyFactory resolve_policy(const model::Scenario& scenario, const model::PolicySpec& spec,
                                    const StageFactories& stages = {});
/// The scenario's own policy.
model::PolicyFactory resolve_policy(const model::Scenario& scenario);
/// The study's policy as the command line and Python give it: the scenario's own when `option`
/// is empty, else the policy option text (parse_policy_option).
model::PolicyFactory resolve_policy_option(const model::Scenario& scenario, const std::string& option);

/// Parses a policy given on the command line: "[LABEL=]NAME[:JSON-OBJECT-OF-PARAMETERS]", e.g.
/// `tiered`, `community=tiered:{"start_level": "community"}`. Throws ConfigError naming the option.
/// Parameters start from the scenario's policy: all of them for a variant of the same policy, and
/// for another policy those it documents under the same name (so `tiered`'s settings carry over to
/// the policies built on it); the given ones then replace those they name (a JSON merge patch).
model::PolicySpec parse_policy_option(const std::string& text, const model::Scenario& scenario);
/// The variants of a variants file: a JSON object {"LABEL": {"policy": NAME, "params": {...},
/// "description": "..."}} — each the policy NAME (default the scenario's) with the parameters it
/// carries over from the scenario's (as policy_for_comparison), patched by `params` (a JSON merge
/// patch: a null removes a member, so a variant of a process can drop a stage or a route by name).
/// In file order. ConfigError naming the file and the JSON path for bad input.
std::vector<model::PolicySpec> read_variants(const std::string& file, const model::Scenario& scenario);
/// The policy `name` for comparison with the scenario's own: parameters carried over as above.
model::PolicySpec policy_for_comparison(const std::string& name, const model::Scenario& scenario);


}  // namespace govsim::plugin
