// The analytic model and the staffing solver: results cross as JSON text plus the printed tables.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "govsim/analysis/model.hpp"
#include "govsim/analysis/staffing.hpp"
#include "govsim/io/scenario_loader.hpp"
#include "govsim/plugin/registry.hpp"

namespace py = pybind11;

namespace govsim::python {
void bind_analysis(py::module_& m) {
  m.def(
      "analyze",
      [](const std::string& text, const std::string& file, double pilot_days, std::uint32_t reps, std::uint32_t threads,
         const std::string& policy) {
        const auto sc = io::load_scenario(io::parse_json(text, file), file);
        analysis::AnalyzeOptions opt;
        opt.pilot_days = pilot_days;
        opt.replications = reps;
        opt.threads = threads;
        opt.policy = plugin::resolve_policy_option(sc, policy);
        opt.interrupted = python_interrupted();
        const auto model = without_gil_interruptible([&] { return analysis::analyze(sc, opt); });
        return py::make_tuple(analysis::to_json(model).dump(), analysis::format(model));
      },
      py::arg("text"), py::arg("file"), py::arg("pilot_days") = 90.0, py::arg("reps") = 4u, py::arg("threads") = 0u,
      py::arg("policy") = "", "The analytic model beside a pilot run: (JSON text, printed tables).");
  m.def(
      "parse_staff_target",
      [](const std::string& text) {
        const auto t = analysis::parse_staff_target(text);
        return py::make_tuple(t.metric, t.at_most, t.value);
      },
      py::arg("text"), "(metric, at_most, value) of a target such as 'p90_time_to_resolve<=72h'.");
  m.def(
      "staff",
      [](const std::string& text, const std::string& file, const std::string& role, const std::vector<std::string>& targets,
         double confidence, std::uint32_t reps, std::uint32_t max_reps, std::uint32_t threads, const std::string& policy,
         double min_households, double max_households, std::uint32_t max_per_unit, int curve) {
        const auto doc = io::parse_json(text, file);
        analysis::StaffOptions opt;
        opt.role = role;
        for (const auto& t : targets) opt.targets.push_back(analysis::parse_staff_target(t));
        opt.confidence = confidence;
        opt.initial_reps = reps;
        opt.max_reps = max_reps;
        opt.threads = threads;
        opt.policy = plugin::resolve_policy_option(io::load_scenario(doc, file), policy);
        opt.min_households = min_households;
        opt.max_households = max_households;
        opt.max_per_unit = max_per_unit;
        opt.curve_points = curve;
        opt.interrupted = python_interrupted();
        const auto result = without_gil_interruptible([&] { return analysis::solve_staffing(doc, file, opt); });
        return py::make_tuple(analysis::to_json(result).dump(), analysis::format(result));
      },
      py::arg("text"), py::arg("file"), py::arg("role"), py::arg("targets"), py::arg("confidence") = 0.95, py::arg("reps") = 4u,
      py::arg("max_reps") = 32u, py::arg("threads") = 0u, py::arg("policy") = "", py::arg("min_households") = 0.0,
      py::arg("max_households") = 0.0, py::arg("max_per_unit") = 0u, py::arg("curve") = 8,
      "The staffing solver (as govsim staff): (JSON text, printed table).");
}
}  // namespace govsim::python
