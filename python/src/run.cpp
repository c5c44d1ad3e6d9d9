// Runs and comparisons, with the GIL released, and their results as numpy arrays (no per-row work).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "govsim/io/results_writer.hpp"
#include "govsim/io/scenario_loader.hpp"
#include "govsim/model/compare.hpp"
#include "govsim/model/runner.hpp"
#include "govsim/plugin/registry.hpp"

namespace py = pybind11;

namespace govsim::python {
namespace {

template <class T, class F>
py::array_t<T> column(const model::RunResult& r, F get) {
  std::size_t n = 0;
  for (const auto& rep : r.replications) n += rep.issues.size();
  py::array_t<T> out(static_cast<py::ssize_t>(n));
  T* p = out.mutable_data();
  for (const auto& rep : r.replications)
    for (const auto& is : rep.issues) *p++ = static_cast<T>(get(rep, is));
  return out;
}

// The per-issue table as columns; categorical columns as integer codes with their names.
py::dict issue_columns(const model::RunResult& r) {
  using Rep = model::ReplicationResult;
  using Rec = model::IssueRecord;
  py::dict d;
  d["replication"] = column<std::uint32_t>(r, [](const Rep& rep, const Rec&) { return rep.replication; });
  d["id"] = column<std::uint64_t>(r, [](const Rep&, const Rec& is) { return is.id; });
  d["category"] = column<std::int32_t>(r, [](const Rep&, const Rec& is) { return is.category; });
  d["origin"] = column<std::int32_t>(r, [](const Rep&, const Rec& is) { return is.origin; });
  d["severity"] = column<std::int32_t>(r, [](const Rep&, const Rec& is) { return is.severity; });
  d["created"] = column<double>(r, [](const Rep&, const Rec& is) { return is.created; });
  d["discovered"] = column<double>(r, [](const Rep&, const Rec& is) { return is.discovered; });
  d["first_response"] = column<double>(r, [](const Rep&, const Rec& is) { return is.first_response; });
  d["closed"] = column<double>(r, [](const Rep&, const Rec& is) { return is.closed; });
  d["outcome"] = column<std::int32_t>(r, [](const Rep&, const Rec& is) { return static_cast<int>(is.outcome); });
  d["closed_at"] = column<std::int32_t>(r, [](const Rep&, const Rec& is) { return is.closed_at; });
  d["closed_level"] = column<std::int32_t>(r, [&](const Rep&, const Rec& is) { return r.unit_levels[is.closed_at]; });
  d["attempts"] = column<std::int32_t>(r, [](const Rep&, const Rec& is) { return is.attempts; });
  d["escalations"] = column<std::int32_t>(r, [](const Rep&, const Rec& is) { return is.escalations; });
  d["reworks"] = column<std::int32_t>(r, [](const Rep&, const Rec& is) { return is.reworks; });
  d["satisfaction"] = column<double>(r, [](const Rep&, const Rec& is) { return is.satisfaction; });
  std::vector<std::string> outcomes;
  for (auto o : {model::Outcome::kOpen, model::Outcome::kResolved, model::Outcome::kClosedUnresolved, model::Outcome::kWithdrawn})
    outcomes.emplace_back(model::to_string(o));
  d["outcome_names"] = outcomes;
  d["category_names"] = r.category_names;
  d["unit_names"] = r.unit_names;
  return d;
}

// Backlog samples: one row per (replication, sample); open issues per level, then undiscovered.
py::dict timeseries_columns(const model::RunResult& r) {
  const std::size_t width = r.level_names.size() + 1;
  std::size_t n = 0;
  for (const auto& rep : r.replications) n += rep.sample_times.size();
  py::array_t<std::uint32_t> replication(static_cast<py::ssize_t>(n));
  py::array_t<double> time(static_cast<py::ssize_t>(n));
  py::array_t<std::uint32_t> backlog({static_cast<py::ssize_t>(n), static_cast<py::ssize_t>(width)});
  auto* rp = replication.mutable_data();
  auto* tp = time.mutable_data();
  auto* bp = backlog.mutable_data();
  for (const auto& rep : r.replications) {
    for (double t : rep.sample_times) {
      *rp++ = rep.replication;
      *tp++ = t;
    }
    std::copy(rep.backlog.begin(), rep.backlog.end(), bp);
    bp += rep.backlog.size();
  }
  py::dict d;
  d["replication"] = replication;
  d["time_h"] = time;
  d["backlog"] = backlog;
  d["level_names"] = r.level_names;
  return d;
}

model::RunOptions options(std::uint32_t threads, bool issues) {
  model::RunOptions opt;
  opt.threads = threads;
  opt.record_issues = issues;
  opt.interrupted = python_interrupted();
  return opt;
}

}  // namespace

void bind_run(py::module_& m) {
  py::class_<model::RunResult>(m, "RunResult")
      .def_property_readonly("summary_json", [](const model::RunResult& r) { return io::summary_json(r).dump(); })
      .def_property_readonly("issue_columns", &issue_columns)
      .def_property_readonly("issues_recorded", [](const model::RunResult& r) { return !r.unit_names.empty(); })
      .def_property_readonly("timeseries_columns", &timeseries_columns)
      .def_property_readonly("level_names", [](const model::RunResult& r) { return r.level_names; })
      .def("print_summary", [](const model::RunResult& r) {
        std::ostringstream os;
        io::print_summary(r, os);
        return os.str();
      })
      .def("write", [](const model::RunResult& r, const std::string& dir) { io::write_results(r, dir); });

  py::class_<model::ComparisonResult>(m, "ComparisonResult")
      .def_property_readonly("runs", [](const model::ComparisonResult& c) { return c.runs; })
      .def_property_readonly("comparison_json", [](const model::ComparisonResult& c) { return io::comparison_json(c).dump(); })
      .def("print_comparison", [](const model::ComparisonResult& c) {
        std::ostringstream os;
        io::print_comparison(c, os);
        return os.str();
      })
      .def("write", [](const model::ComparisonResult& c, const std::string& dir) { io::write_comparison(c, dir); });

  m.def(
      "run",
      [](const std::string& text, const std::string& file, std::uint32_t threads, bool issues) {
        const auto sc = io::load_scenario(io::parse_json(text, file), file);
        auto opt = options(threads, issues || sc.run.record_issues);
        opt.policy = plugin::resolve_policy(sc);
        return without_gil_interruptible([&] { return model::run(sc, opt); });
      },
      py::arg("text"), py::arg("file"), py::arg("threads") = 0, py::arg("issues") = false,
      "Runs the scenario's replications (the GIL is released meanwhile).");
  m.def(
      "compare",
      [](const std::string& text, const std::string& file, const std::vector<std::string>& policies, std::uint32_t threads,
         bool issues, const std::string& variants) {
        const auto sc = io::load_scenario(io::parse_json(text, file), file);
        std::vector<model::PolicyFactory> factories;
        for (const auto& p : policies) factories.push_back(plugin::resolve_policy(sc, plugin::parse_policy_option(p, sc)));
        if (!variants.empty())
          for (const auto& v : plugin::read_variants(variants, sc)) factories.push_back(plugin::resolve_policy(sc, v));
        const auto opt = options(threads, issues);
        return without_gil_interruptible([&] { return model::compare(sc, factories, opt); });
      },
      py::arg("text"), py::arg("file"), py::arg("policies"), py::arg("threads") = 0, py::arg("issues") = false,
      py::arg("variants") = "",
      "Runs each policy on common random numbers; policies as on the command line ('[LABEL=]NAME[:{JSON}]'), then the "
      "named variants of a variants file.");
}
}  // namespace govsim::python
