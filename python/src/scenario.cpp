// Scenario documents cross as JSON text: Python edits a plain dict, the core validates it.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "govsim/io/scenario_loader.hpp"
#include "govsim/plugin/registry.hpp"

namespace py = pybind11;

namespace govsim::python {
void bind_scenario(py::module_& m) {
  m.def("read_scenario_text", [](const std::string& path) { return io::read_json_file(path).dump(); },
        "The JSON text of a scenario file (ScenarioError if missing or not JSON).");
  m.def(
      "validate",
      [](const std::string& text, const std::string& file) {
        const auto sc = io::load_scenario(io::parse_json(text, file), file);
        (void)plugin::resolve_policy(sc);  // the policy exists and takes its parameters
        std::uint64_t staff = 0;
        for (model::UnitId u = 0; u < sc.org.size(); ++u)
          for (const auto& [role, n] : sc.org.unit(u).staff) staff += n;
        py::dict d;
        d["name"] = sc.name;
        d["units"] = sc.org.size();
        d["levels"] = sc.levels.size();
        d["households"] = sc.org.total_households();
        d["roles"] = sc.roles.size();
        d["staff"] = staff;
        d["categories"] = sc.categories.size();
        d["policy"] = sc.policy.name;
        d["warnings"] = io::scenario_warnings(sc);
        return d;
      },
      py::arg("text"), py::arg("file"), "Loads and checks a scenario; ScenarioError names file, JSON path and expectation. 'warnings' lists "
      "what is valid but likely unintended (duties longer than the working week).");
}
}  // namespace govsim::python
