#include "govsim/plugin/registry.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "govsim/error.hpp"

namespace govsim::plugin {

namespace fs = std::filesystem;

PolicyPtr PolicyHandle::create(const model::Scenario& sc, const model::PolicySpec& spec) const {
  std::vector<const char*> levels, categories, roles, calendars;
  for (const auto& c : sc.calendars) calendars.push_back(c.name.c_str());
  std::vector<const char*> meetings;
  std::vector<int> meeting_levels;
  for (const auto& m : sc.meetings) {
    meetings.push_back(m.name.c_str());
    meeting_levels.push_back(m.level);
  }
  for (const auto& l : sc.levels) levels.push_back(l.name.c_str());
  for (const auto& c : sc.categories) categories.push_back(c.name.c_str());
  for (const auto& r : sc.roles) roles.push_back(r.name.c_str());
  const std::string params = spec.params.dump();
  PolicySetup setup;
  setup.params_json = params.c_str();
  setup.level_count = static_cast<int>(levels.size());
  setup.level_names = levels.data();
  setup.category_count = categories.size();
  setup.category_names = categories.data();
  setup.role_count = roles.size();
  setup.role_names = roles.data();
  setup.calendar_count = calendars.size();
  setup.calendar_names = calendars.data();
  setup.meeting_count = meetings.size();
  setup.meeting_names = meetings.data();
  setup.meeting_levels = meeting_levels.data();
  SetupError error;
  Policy* p = info_->create(&setup, &error);
  if (!p) throw ConfigError(spec.source.empty() ? sc.file : spec.source, spec.params_path + error.path, error.expected);
  return PolicyPtr(p, PolicyDeleter{info_->destroy, library_});
}

std::vector<PolicyHandle> builtin_policies() {
  return {PolicyHandle(tiered_plugin_info(), nullptr, "built-in"),
          PolicyHandle(sla_escalation_plugin_info(), nullptr, "built-in"),
          PolicyHandle(closed_loop_plugin_info(), nullptr, "built-in"),
          PolicyHandle(deliberation_day_plugin_info(), nullptr, "built-in"),
          PolicyHandle(major_decision_plugin_info(), nullptr, "built-in"),
          PolicyHandle(whistle_plugin_info(), nullptr, "built-in"),
          PolicyHandle(volunteer_dispatch_plugin_info(), nullptr, "built-in")};
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

PolicyHandle find_policy(const std::string& name) {
  model::PolicySpec spec;
  spec.name = name;
  return find_policy(spec);
}

}  // namespace govsim::plugin
