#pragma once
// The private module govsim._core: bindings only convert types; the pure-Python package over it
// (python/govsim) is the API. One file per area.
#include <pybind11/pybind11.h>

#include <functional>

#include "govsim/error.hpp"

namespace govsim::python {
void bind_errors(pybind11::module_& m);
void bind_scenario(pybind11::module_& m);
void bind_run(pybind11::module_& m);
void bind_policy(pybind11::module_& m);
void bind_analysis(pybind11::module_& m);

/// For RunOptions::interrupted: runs Python's signal handlers (on the main thread), so Ctrl-C sets
/// KeyboardInterrupt and stops the run.
inline std::function<bool()> python_interrupted() {
  return [] {
    pybind11::gil_scoped_acquire gil;
    return PyErr_CheckSignals() != 0;
  };
}

/// Calls f() with the GIL released; a run stopped by Ctrl-C raises the KeyboardInterrupt it set.
template <class F>
auto without_gil_interruptible(F&& f) {
  try {
    pybind11::gil_scoped_release nogil;
    return f();
  } catch (const Interrupted&) {
    if (PyErr_Occurred()) throw pybind11::error_already_set();
    throw;
  }
}
}  // namespace govsim::python
