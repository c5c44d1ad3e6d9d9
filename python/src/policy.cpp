// Python policies: the decision interface's views, actions and context as Python types, and an
// adapter that lets a Python object decide for the engine (with the GIL held only while it does).
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "govsim/io/scenario_loader.hpp"
#include "govsim/model/runner.hpp"
#include "govsim/plugin/policy.hpp"
#include "govsim/plugin/registry.hpp"

namespace py = pybind11;
using namespace govsim::plugin;

namespace govsim::python {
namespace {

// The context Python sees: valid only during the decision it was passed to (the engine behind it
// moves on, and is gone after the run), so a kept reference raises instead of reading stale memory.
struct ContextRef {
  const Context* ctx;
  const Context& get() const {
    if (!ctx) throw std::runtime_error("this govsim Context was passed to an earlier decision and is no longer valid");
    return *ctx;
  }
};

py::object or_none(std::uint64_t v, std::uint64_t none) {
  if (v == none) return py::none();
  return py::int_(v);
}

// Calls the Python object's decision methods. The engine's worker thread holds no GIL: each call
// takes it. The object is released with the GIL held too.
class PyPolicy final : public Policy {
 public:
  explicit PyPolicy(py::object obj) : obj_(std::move(obj)) {
    // on_closed is forwarded only to objects that define their own (one Python call per closed issue).
    const py::object base = py::module_::import("govsim._policy").attr("Policy").attr("on_closed");
    const py::object own = py::type::of(obj_).attr("on_closed");
    wants_closed_ = !own.is(base);
  }
  ~PyPolicy() override {
    py::gil_scoped_acquire gil;
    obj_ = py::object();
  }
  Action on_issue_arrived(const IssueView& is, const Context& ctx) override { return call("on_issue_arrived", is, ctx); }
  Action on_attempt_finished(const IssueView& is, const AttemptResult& r, const Context& ctx) override {
    return call("on_attempt_finished", is, r, ctx);
  }
  Action on_timer(const IssueView& is, std::uint32_t tag, const Context& ctx) override { return call("on_timer", is, tag, ctx); }
  Action on_evaluation(const IssueView& is, double satisfaction, const Context& ctx) override {
    return call("on_evaluation", is, satisfaction, ctx);
  }
  Action on_dispatch_declined(const IssueView& is, std::uint32_t offers, const Context& ctx) override {
    return call("on_dispatch_declined", is, offers, ctx);
  }
  Action on_meeting_agenda(const IssueView& is, std::uint32_t meeting, const Context& ctx) override {
    return call("on_meeting_agenda", is, meeting, ctx);
  }
  Action on_sla_event(const IssueView& is, SlaEvent e, const Context& ctx) override { return call("on_sla_event", is, e, ctx); }
  Action on_handback(const IssueView& is, const Context& ctx) override { return call("on_handback", is, ctx); }
  Action on_reopen(const IssueView& is, const Context& ctx) override { return call("on_reopen", is, ctx); }
  Action on_reject(const IssueView& is, const Context& ctx) override {
    return call("on_reject", is, ctx);
  }
  void on_closed(const IssueView& is) override {
    if (!wants_closed_) return;
    py::gil_scoped_acquire gil;
    try {
      obj_.attr("on_closed")(is);
    } catch (py::error_already_set& e) {
      throw std::runtime_error(e.what());
    }
  }

 private:
  // The issue and the other arguments are copied (a policy may keep them); the context is a
  // reference that is cut when the call returns. Python's _decide gets (issue, [extra], context).
  Action call(const char* name, const IssueView& issue, const Context& ctx) { return invoke(name, ctx, issue); }
  template <class X>
  Action call(const char* name, const IssueView& issue, const X& extra, const Context& ctx) {
    return invoke(name, ctx, issue, extra);
  }
  template <class... A>
  Action invoke(const char* name, const Context& ctx, const A&... args) {
    py::gil_scoped_acquire gil;
    auto ref = std::make_shared<ContextRef>(ContextRef{&ctx});
    py::object r;
    try {
      r = obj_.attr("_decide")(name, py::cast(args)..., py::cast(ref));
    } catch (py::error_already_set& e) {
      ref->ctx = nullptr;
      throw std::runtime_error(e.what());  // the message now, while the GIL is held
    }
    ref->ctx = nullptr;
    if (!py::isinstance<Action>(r))
      throw std::runtime_error(std::string(name) + " returned " + py::repr(r).cast<std::string>() +
                               ", expected a govsim.Action");
    return r.cast<Action>();
  }
  py::object obj_;
  bool wants_closed_ = false;
};

}  // namespace

void bind_policy(py::module_& m) {
  py::enum_<DispatchMode>(m, "DispatchMode").value("DIRECTED", DispatchMode::kDirected).value("GRAB", DispatchMode::kGrab);
  py::enum_<SlaEvent>(m, "SlaEvent").value("WARNING", SlaEvent::kWarning).value("BREACH", SlaEvent::kBreach);

  py::class_<IssueView>(m, "IssueView")
      .def_readonly("id", &IssueView::id)
      .def_readonly("category", &IssueView::category)
      .def_readonly("assessed_severity", &IssueView::assessed_severity)
      .def_readonly("unit", &IssueView::unit)
      .def_readonly("origin", &IssueView::origin)
      .def_readonly("attempts", &IssueView::attempts)
      .def_readonly("attempts_here", &IssueView::attempts_here)
      .def_readonly("escalations", &IssueView::escalations)
      .def_readonly("reworks", &IssueView::reworks)
      .def_readonly("referrals", &IssueView::referrals)
      .def_readonly("reopens", &IssueView::reopens)
      .def_property_readonly("referred_from", [](const IssueView& v) { return or_none(v.referred_from, kNoUnit); })
      .def_readonly("created", &IssueView::created)
      .def_readonly("discovered", &IssueView::discovered)
      .def_readonly("waiting", &IssueView::waiting)
      .def_readonly("in_service", &IssueView::in_service);

  py::class_<AttemptResult>(m, "AttemptResult")
      .def_readonly("success", &AttemptResult::success)
      .def_readonly("within_authority", &AttemptResult::within_authority)
      .def_property_readonly("role", [](const AttemptResult& r) { return or_none(r.role, kNoRole); })
      .def_property_readonly("meeting", [](const AttemptResult& r) { return or_none(r.meeting, kNoMeeting); })
      .def_readonly("departments", &AttemptResult::departments)
      .def_readonly("service_hours", &AttemptResult::service_hours);

  py::class_<ContextRef, std::shared_ptr<ContextRef>>(m, "Context")
      .def("now", [](const ContextRef& c) { return c.get().now(); })
      .def("level_count", [](const ContextRef& c) { return c.get().level_count(); })
      .def("level_name", [](const ContextRef& c, int l) { return std::string(c.get().level_name(l)); })
      .def("level_of", [](const ContextRef& c, UnitId u) { return c.get().level_of(u); })
      .def("parent", [](const ContextRef& c, UnitId u) { return or_none(c.get().parent(u), kNoUnit); })
      .def("authority", [](const ContextRef& c, UnitId u) { return c.get().authority(u); })
      .def("handler_role", [](const ContextRef& c, UnitId u, CategoryId k) { return or_none(c.get().handler_role(u, k), kNoRole); })
      .def("staff", [](const ContextRef& c, UnitId u, RoleId r) { return c.get().staff(u, r); })
      .def("busy", [](const ContextRef& c, UnitId u, RoleId r) { return c.get().busy(u, r); })
      .def("queue_length", [](const ContextRef& c, UnitId u, RoleId r) { return c.get().queue_length(u, r); })
      .def("summons_count", [](const ContextRef& c, UnitId u) { return c.get().summons_count(u); })
      .def("summoned", [](const ContextRef& c, UnitId u, std::uint32_t i) { return c.get().summoned(u, i); })
      .def("coordinates_count", [](const ContextRef& c, UnitId u) { return c.get().coordinates_count(u); })
      .def("coordinated", [](const ContextRef& c, UnitId u, std::uint32_t i) { return c.get().coordinated(u, i); })
      .def("uniform", [](const ContextRef& c, const IssueView& is, std::uint64_t k) { return c.get().uniform(is, k); });

  py::class_<Action>(m, "Action")
      .def_static("handle", &Action::handle)
      .def_static("escalate", [](py::object target) {
        return Action::escalate(target.is_none() ? kNoUnit : target.cast<UnitId>());
      }, py::arg("target") = py::none())
      .def_static("resolve", &Action::resolve)
      .def_static("close", &Action::close)
      .def_static("keep", &Action::keep)
      .def_static("wait_for_meeting", &Action::wait_for_meeting)
      .def_static("summon", [](std::uint32_t n, py::object role, std::uint32_t quorum) {
        if (n == 0 || n > 1000) throw py::value_error("departments: expected 1 to 1000, got " + std::to_string(n));
        if (quorum > n) throw py::value_error("quorum: expected 0 (all) to departments, got " + std::to_string(quorum));
        return Action::summon(n, role.is_none() ? kNoRole : role.cast<RoleId>(), quorum);
      }, py::arg("departments"), py::arg("role") = py::none(), py::arg("quorum") = 0,
      "Joint handling by `departments` of the units this unit summons; with `quorum` k it ends when k have reported.")
      .def_static("refer", [](py::object target) {
        return Action::refer(target.is_none() ? kNoUnit : target.cast<UnitId>());
      }, py::arg("target") = py::none(),
      "Refer sideways along a coordinates link: to `target`, or to the linked unit whose jurisdiction takes the category.")
      .def_static("pass_on", &Action::pass_on,
                  "This stage is done with the issue: the next stage of the process here, else the unit above, else close.")
      .def_static("dispatch", &Action::dispatch, py::arg("role"), py::arg("mode") = DispatchMode::kDirected)
      .def_static("wait", &Action::wait)
      .def_static("expedite", &Action::expedite)
      .def("with_timer", &Action::with_timer, py::arg("tag"), py::arg("hours"), py::arg("calendar") = -1)
      .def_property_readonly("kind", [](const Action& a) { return static_cast<int>(a.kind); })
      .def("__repr__", [](const Action& a) {
        static const char* names[] = {"handle", "escalate", "resolve", "close", "keep", "wait_for_meeting",
                                      "summon", "dispatch", "wait", "expedite", "pass_on", "refer"};
        const auto k = static_cast<std::size_t>(a.kind);
        return std::string("<govsim.Action ") + (k < std::size(names) ? names[k] : "?") + ">";
      });

  m.def(
      "run_python_policy",
      [](const std::string& text, const std::string& file, py::object make, const std::string& label,
         std::uint32_t threads, bool issues) {
        const auto sc = io::load_scenario(io::parse_json(text, file), file);
        model::RunOptions opt;
        opt.threads = threads;
        opt.record_issues = issues || sc.run.record_issues;
        opt.policy = model::PolicyFactory{label.empty() ? "custom" : label, [make](const model::Scenario&) -> std::shared_ptr<Policy> {
                                            py::gil_scoped_acquire gil;
                                            return std::make_shared<PyPolicy>(make());
                                          }};
        opt.interrupted = python_interrupted();
        return without_gil_interruptible([&] { return model::run(sc, opt); });  // the GIL is back before `opt` (holding `make`) goes
      },
      py::arg("text"), py::arg("file"), py::arg("make"), py::arg("label"), py::arg("threads") = 1, py::arg("issues") = false,
      "Runs the scenario with policies made by make() (one per replication).");
  m.def(
      "run_process_stages",
      [](const std::string& text, const std::string& file, const std::map<std::string, py::object>& makers,
         std::uint32_t threads, bool issues) {
        const auto sc = io::load_scenario(io::parse_json(text, file), file);
        StageFactories stages;
        for (const auto& [name, make] : makers)
          stages[name] = [make]() -> std::shared_ptr<Policy> {
            py::gil_scoped_acquire gil;
            return std::make_shared<PyPolicy>(make());
          };
        model::RunOptions opt;
        opt.threads = threads;
        opt.record_issues = issues || sc.run.record_issues;
        opt.policy = resolve_policy(sc, sc.policy, stages);
        opt.interrupted = python_interrupted();
        auto result = without_gil_interruptible([&] { return model::run(sc, opt); });
        return result;
      },
      py::arg("text"), py::arg("file"), py::arg("stages"), py::arg("threads") = 1, py::arg("issues") = false,
      "Runs the scenario's process policy with its Python stages made by stages[name]() (one per replication).");
}
}  // namespace govsim::python
