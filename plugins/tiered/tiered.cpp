// Registration of the `tiered` policy (the class is in tiered.hpp). Built into govsim, and built
// again as a loadable plugin (GOVSIM_PLUGIN_LIBRARY) for the loader's tests. Parameters:
// docs/policies.md.
#include "tiered.hpp"

namespace govsim::plugin {
namespace {

constexpr PluginParamDoc kParams[] = {
    {"start_level", "level name", "lowest level", "Level of the first attempt; issues arising below it go straight up to it."},
    {"max_attempts_per_unit", "integer >= 1", "3", "Attempts at one unit before the issue moves up."},
    {"retry_probability", "number in [0,1] or {level: number}", "1",
     "After a failed attempt that was within the unit's authority, the chance of trying again at the same unit (else it moves up)."},
    {"assess_before_handling", "boolean", "false",
     "Send an issue up without an attempt when its assessed severity exceeds the unit's authority."},
};

}  // namespace

const PluginInfo* tiered_plugin_info() {
  static const PluginInfo info = make_plugin_info<TieredPolicy>(
      "tiered", "1.0.0",
      "Immediate / pending / escalated handling: the lowest unit tries first, and what it cannot settle "
      "climbs the reports_to chain one level at a time; the top unit closes what it cannot settle.",
      kParams);
  return &info;
}

}  // namespace govsim::plugin

#ifdef GOVSIM_PLUGIN_LIBRARY
extern "C" __attribute__((visibility("default"))) const govsim::plugin::PluginInfo* govsim_plugin_info() {
  return govsim::plugin::tiered_plugin_info();
}
#endif
