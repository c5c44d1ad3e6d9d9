// A plugin built for another plugin API version: the loader must refuse it, naming both versions.
#include "govsim/plugin/policy.hpp"

extern "C" __attribute__((visibility("default"))) const govsim::plugin::PluginInfo* govsim_plugin_info() {
  static const govsim::plugin::PluginInfo info{999, "future", "9.9", "from the future", nullptr, 0, nullptr, nullptr};
  return &info;
}
