#include "govsim/plugin/registry.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "govsim/error.hpp"
#include "govsim/io/json_reader.hpp"
#include "govsim/io/scenario_loader.hpp"
#include "govsim/plugin/process.hpp"

namespace govsim::plugin {

namespace fs = std::filesystem;

namespace {

// What a factory gets, built once for a study: the scenario's names (copied, so the setup does not
// depend on the scenario living on) and the parameters' text.
class Setup {
 public:
  Setup(const model::Scenario& sc, const model::PolicySpec& spec)
      : params_(spec.params.dump()), file_(spec.source.empty() ? sc.file : spec.source), params_path_(spec.params_path) {
    for (const auto& l : sc.levels) names_.push_back(l.name);
    for (const auto& c : sc.categories) names_.push_back(c.name);
    for (const auto& r : sc.roles) names_.push_back(r.name);
    for (const auto& c : sc.calendars) names_.push_back(c.name);
    for (const auto& m : sc.meetings) {
      names_.push_back(m.name);
      meeting_levels_.push_back(m.level);
    }
    for (const auto& c : sc.categories) {
      parties_.push_back(c.consent ? c.consent->parties : 0);
      severities_.push_back(static_cast<int>(c.severity.size()));
    }
    for (const auto& n : names_) pointers_.push_back(n.c_str());
    const char* const* at = pointers_.data();
    setup_.params_json = params_.c_str();
    setup_.level_count = static_cast<int>(sc.levels.size());
    setup_.level_names = at;
    setup_.category_count = sc.categories.size();
    setup_.category_names = at += sc.levels.size();
    setup_.role_count = sc.roles.size();
    setup_.role_names = at += sc.categories.size();
    setup_.calendar_count = sc.calendars.size();
    setup_.calendar_names = at += sc.roles.size();
    setup_.meeting_count = sc.meetings.size();
    setup_.meeting_names = at += sc.calendars.size();
    setup_.meeting_levels = meeting_levels_.data();
    setup_.category_parties = parties_.data();
    setup_.category_severities = severities_.data();
    // The organisation is the scenario being run's, set by at() while a policy is made.
    setup_.org = nullptr;
    setup_.unit_count = 0;
    setup_.unit_level = [](const void* o, UnitId u) { return static_cast<const model::Scenario*>(o)->org.unit(u).level; };
    setup_.unit_name = [](const void* o, UnitId u) { return static_cast<const model::Scenario*>(o)->org.unit(u).name.c_str(); };
    setup_.is_partner = [](const void* o, UnitId u) {
      const auto& g = static_cast<const model::Scenario*>(o)->org.graph();
      for (auto [e, end] = boost::in_edges(u, g); e != end; ++e)
        if (g[*e].kind == graph::LinkKind::kCoordinates) return true;
      return false;
    };
    setup_.has_partner = [](const void* o, UnitId u, CategoryId c) {
      const auto& scenario = *static_cast<const model::Scenario*>(o);
      const auto linked = scenario.org.linked(u, graph::LinkKind::kCoordinates);
      std::vector<graph::UnitId> takers;
      scenario.takers(linked.data(), linked.size(), c, takers);
      return !takers.empty();
    };
  }
  Setup(const Setup&) = delete;
  Setup& operator=(const Setup&) = delete;

  /// The setup for making a policy for a run of `sc`: the names and parameters resolved before, the
  /// organisation the run's (a variant of the scenario resolved from may have other units).
  PolicySetup at(const model::Scenario& sc) const {
    // The names and counts prepared are the resolved scenario's; a run's variant may change values
    // and units, not what it names.
    if (sc.levels.size() != static_cast<std::size_t>(setup_.level_count) || sc.categories.size() != setup_.category_count ||
        sc.roles.size() != setup_.role_count || sc.meetings.size() != setup_.meeting_count)
      throw ModelError("a policy resolved for one scenario was asked for a scenario with other levels, categories, roles or meetings");
    PolicySetup s = setup_;
    s.org = &sc;
    s.unit_count = sc.org.size();
    return s;
  }
  PolicyPtr create(const PluginInfo& info, const std::shared_ptr<void>& library, const model::Scenario& sc) const {
    SetupError error;
    const PolicySetup s = at(sc);
    Policy* p = info.create(&s, &error);
    if (!p) throw ConfigError(file_, params_path_ + error.path, error.expected);
    return PolicyPtr(p, PolicyDeleter{info.destroy, library});
  }
  /// A process with stages the caller makes.
  std::unique_ptr<Policy> create_process(const StageFactories& stages, const model::Scenario& sc) const {
    try {
      return make_process(at(sc), stages);
    } catch (const ParamError& e) {
      throw ConfigError(file_, params_path_ + e.path(), e.what());
    }
  }

 private:
  std::string params_, file_, params_path_;
  std::vector<std::string> names_;
  std::vector<const char*> pointers_;
  std::vector<int> meeting_levels_, parties_, severities_;
  PolicySetup setup_;
};

}  // namespace

PolicyPtr PolicyHandle::create(const model::Scenario& sc, const model::PolicySpec& spec) const {
  return Setup(sc, spec).create(*info_, library_, sc);
}

model::PolicyFactory resolve_policy(const model::Scenario& sc, const model::PolicySpec& spec, const StageFactories& stages) {
  if (!stages.empty() && spec.name == "process" && spec.plugin.empty()) {
    auto setup = std::make_shared<const Setup>(sc, spec);
    (void)setup->create_process(stages, sc);  // a bad parameter fails here, before any run
    return model::PolicyFactory{spec.display(), [setup, stages](const model::Scenario& run) -> std::shared_ptr<Policy> {
                                  return setup->create_process(stages, run);
                                }};
  }
  const bool from_file = spec.source.empty();
  std::optional<PolicyHandle> handle;
  try {
    handle = find_policy(spec);
  } catch (const PluginError& e) {
    if (!from_file) throw;
    throw ConfigError(sc.file, spec.plugin.empty() ? "/policy/name" : "/policy/plugin",
                      std::string("expected a known policy: ") + e.what());
  }
  auto setup = std::make_shared<const Setup>(sc, spec);
  (void)setup->create(handle->info(), handle->library(), sc);  // a bad parameter fails here, before any run
  return model::PolicyFactory{spec.display(), [setup, h = *handle](const model::Scenario& run) -> std::shared_ptr<Policy> {
                                return setup->create(h.info(), h.library(), run);
                              }};
}

model::PolicyFactory resolve_policy(const model::Scenario& sc) { return resolve_policy(sc, sc.policy); }

model::PolicyFactory resolve_policy_option(const model::Scenario& sc, const std::string& option) {
  return option.empty() ? resolve_policy(sc) : resolve_policy(sc, parse_policy_option(option, sc));
}


std::vector<PolicyHandle> builtin_policies() {
  std::vector<const PluginInfo*> infos = detail::builtin_policy_list();
  infos.push_back(&process_info());
  std::sort(infos.begin(), infos.end(), [](const PluginInfo* a, const PluginInfo* b) { return std::string_view(a->name) < b->name; });
  std::vector<PolicyHandle> out;
  for (const PluginInfo* info : infos) out.emplace_back(info, nullptr, "built-in");
  return out;
}

PolicyHandle load_plugin(const std::string& path) {
  dlerror();
  void* raw = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!raw) {
    const char* why = dlerror();
    throw PluginError("cannot load plugin " + path + ": not a loadable library (" + (why ? why : "unknown reason") + ")");
  }
  std::shared_ptr<void> library(raw, [](void* h) { dlclose(h); });
  dlerror();
  void* symbol = dlsym(raw, kPluginEntryPoint);
  if (!symbol)
    throw PluginError("cannot load plugin " + path + ": it has no entry point '" + kPluginEntryPoint +
                      "' (build it with GOVSIM_EXPORT_POLICY)");
  const PluginInfo* info = reinterpret_cast<PluginEntryPoint>(symbol)();
  if (!info) throw PluginError("cannot load plugin " + path + ": its entry point returned no description");
  if (info->api_version != kPluginApiVersion)
    throw PluginError("cannot load plugin " + path + ": it was built for plugin API version " +
                      std::to_string(info->api_version) + ", but this govsim has version " +
                      std::to_string(kPluginApiVersion) + "; rebuild it against this govsim");
  if (!(info->build == build_fingerprint()))
    throw PluginError("cannot load plugin " + path + ": it was built with " + to_string(info->build) + ", but this govsim with " +
                      to_string(build_fingerprint()) + "; rebuild it with the same compiler against this govsim's headers");
  if (!info->name || !info->create || !info->destroy)
    throw PluginError("cannot load plugin " + path + ": its description lacks a name, create or destroy");
  return PolicyHandle(info, std::move(library), path);
}

std::vector<std::string> plugin_search_path() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("GOVSIM_PLUGIN_PATH")) {
    std::string item;
    for (const char* c = env;; ++c) {
      if (*c == ':' || *c == 0) {
        if (!item.empty()) dirs.push_back(item);
        item.clear();
        if (*c == 0) break;
      } else {
        item += *c;
      }
    }
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    dirs.push_back((exe.parent_path() / "plugins").string());
    dirs.push_back((exe.parent_path().parent_path() / "lib" / "govsim" / "plugins").string());
  }
  return dirs;
}

Discovery discover_policies() {
  Discovery d;
  d.policies = builtin_policies();
  for (const auto& dir : plugin_search_path()) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (entry.path().extension() == ".so") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      try {
        d.policies.push_back(load_plugin(f.string()));
      } catch (const PluginError& e) {
        d.problems.push_back(e.what());
      }
    }
  }
  return d;
}

PolicyHandle find_policy(const model::PolicySpec& spec) {
  if (!spec.plugin.empty()) {
    PolicyHandle h = load_plugin(spec.plugin);
    if (spec.name != h.info().name)
      throw PluginError("plugin " + spec.plugin + " provides the policy '" + h.info().name + "', not '" + spec.name + "'");
    return h;
  }
  for (auto& h : builtin_policies())
    if (spec.name == h.info().name) return h;
  Discovery d = discover_policies();
  std::string known;
  for (auto& h : d.policies) {
    if (spec.name == h.info().name) return h;
    known += (known.empty() ? "" : ", ") + std::string(h.info().name);
  }
  throw PluginError("unknown policy '" + spec.name + "'; known policies: " + known);
}

model::PolicySpec parse_policy_option(const std::string& text, const model::Scenario& scenario) {
  const std::string where = "--policy '" + text + "'";
  model::PolicySpec spec;
  std::string rest = text;
  const auto colon = rest.find(':');
  const auto eq = rest.find('=');
  if (eq != std::string::npos && (colon == std::string::npos || eq < colon)) {
    spec.label = rest.substr(0, eq);
    rest = rest.substr(eq + 1);
    if (spec.label.empty()) throw ConfigError(where, "", "expected a label before '='");
  }
  const auto c = rest.find(':');
  spec.name = rest.substr(0, c);
  if (spec.name.empty()) throw ConfigError(where, "", "expected [LABEL=]NAME[:{JSON parameters}]");
  if (c != std::string::npos) {
    spec.params = io::parse_json(rest.substr(c + 1), where);
    if (!spec.params.is_object()) throw ConfigError(where, "", "expected a JSON object of parameters after ':'");
  }
  io::json merged = policy_for_comparison(spec.name, scenario).params;
  merged.merge_patch(spec.params);
  spec.params = std::move(merged);
  spec.params_path = "";
  spec.source = where;
  return spec;
}

std::vector<model::PolicySpec> read_variants(const std::string& file, const model::Scenario& scenario) {
  const io::json doc = io::read_json_file(file);
  const io::JsonReader root(doc, file);
  root.object();
  if (root.keys().empty()) root.fail("expected at least one variant: {\"LABEL\": {\"policy\": NAME, \"params\": {...}}}");
  std::vector<model::PolicySpec> out;
  for (const auto& label : root.keys()) {
    const io::JsonReader v = root.at(label);
    if (label.empty()) v.fail("expected a non-empty label for the variant");
    v.object({"policy", "params", "description"});
    const std::string name = v.has("policy") ? v.at("policy").string() : scenario.policy.name;
    model::PolicySpec spec;
    try {
      spec = policy_for_comparison(name, scenario);
    } catch (const PluginError& e) {
      v.at("policy").fail(std::string("expected a known policy: ") + e.what());
    }
    if (auto p = v.find("params")) {
      p->object();
      io::json merged = spec.params;
      merged.merge_patch(p->value());
      spec.params = std::move(merged);
    }
    spec.label = label;
    spec.source = file;
    spec.params_path = "/" + json_path::pointer_token(label) + "/params";
    out.push_back(std::move(spec));
  }
  return out;
}

model::PolicySpec policy_for_comparison(const std::string& name, const model::Scenario& scenario) {
  if (name == scenario.policy.name) return scenario.policy;
  model::PolicySpec spec;
  spec.name = name;
  spec.source = scenario.file;  // the carried-over values come from the scenario's /policy/params
  const auto handle = find_policy(name);
  const auto& info = handle.info();
  // From a process: the parameters of its stage of this policy, else of its first stage.
  const io::json* from = &scenario.policy.params;
  std::string path = scenario.policy.params_path;
  if (scenario.policy.name == "process" && from->contains("stages") && (*from)["stages"].is_object()) {
    const io::json& stages = (*from)["stages"];
    std::string pick;
    for (auto it = stages.begin(); it != stages.end(); ++it)
      if (it.value().is_object() && it.value().value("policy", "") == name) {
        pick = it.key();
        break;
      }
    if (pick.empty() && !stages.empty()) pick = stages.begin().key();
    if (!pick.empty() && stages[pick].contains("params")) {
      from = &stages[pick]["params"];
      path += "/stages/" + json_path::pointer_token(pick) + "/params";
    } else {
      from = nullptr;
    }
  }
  if (from && from->is_object())
    for (auto it = from->begin(); it != from->end(); ++it)
      for (std::size_t i = 0; i < info.param_count; ++i)
        if (it.key() == info.params[i].name) spec.params[it.key()] = it.value();
  spec.params_path = path;
  return spec;
}

PolicyHandle find_policy(const std::string& name) {
  model::PolicySpec spec;
  spec.name = name;
  return find_policy(spec);
}

}  // namespace govsim::plugin
