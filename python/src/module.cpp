#include "bindings.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "govsim's compiled core (private; use the govsim package)";
  govsim::python::bind_errors(m);
  govsim::python::bind_scenario(m);
  govsim::python::bind_run(m);
  govsim::python::bind_policy(m);
  govsim::python::bind_analysis(m);
}
