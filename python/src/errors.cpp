// govsim's errors as Python exceptions with the same messages as the command line: a bad scenario
// or parameter is a ValueError (ScenarioError), a plugin that cannot be used is a ValueError too
// (PluginError), a run the model stops is a RuntimeError (ModelError).
#include "bindings.hpp"
#include "govsim/error.hpp"

namespace govsim::python {
void bind_errors(pybind11::module_& m) {
  // Translators registered later are tried first: the base class goes first.
  pybind11::register_exception<Error>(m, "Error", PyExc_RuntimeError);
  pybind11::register_exception<ConfigError>(m, "ScenarioError", PyExc_ValueError);
  pybind11::register_exception<PluginError>(m, "PluginError", PyExc_ValueError);
  pybind11::register_exception<ModelError>(m, "ModelError", PyExc_RuntimeError);
}
}  // namespace govsim::python
