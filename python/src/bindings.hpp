#pragma once
// The private module govsim._core: bindings only convert types; the pure-Python package over it
// (python/govsim) is the API. One file per area.
#include <pybind11/pybind11.h>

namespace govsim::python {
void bind_errors(pybind11::module_& m);
void bind_scenario(pybind11::module_& m);
void bind_run(pybind11::module_& m);
void bind_policy(pybind11::module_& m);
void bind_analysis(pybind11::module_& m);
}  // namespace govsim::python
