// A plugin of the right API version built with another C++ ABI: the loader must refuse it, naming
// both builds.
#include "govsim/plugin/policy.hpp"

extern "C" __attribute__((visibility("default"))) const govsim::plugin::PluginInfo* govsim_plugin_info() {
  static const govsim::plugin::PluginInfo info = [] {
    govsim::plugin::PluginInfo i{govsim::plugin::kPluginApiVersion, "elsewhere", "1.0", "built elsewhere", nullptr, 0, nullptr, nullptr};
    i.build.cxx_abi = 1;  // as if another compiler
    return i;
  }();
  return &info;
}
