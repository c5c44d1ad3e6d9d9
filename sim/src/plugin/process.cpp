#include "govsim/plugin/process.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

#include "govsim/error.hpp"
#include "govsim/plugin/params.hpp"
#include "govsim/plugin/registry.hpp"

namespace govsim::plugin {
namespace {

constexpr PluginParamDoc kParams[] = {
    {"stages", "{name: {\"policy\": policy name, \"params\": {...}} | {\"python\": name}}", "required",
     "The stages: each a policy (built in, or a plugin on the search path) with its own parameters, or a Python "
     "object given to the run."},
    {"routes", "[{\"when\": {...}, \"stages\": [stage names]}] or {name: route}", "required",
     "Triage, in order: the first route whose `when` matches the issue at the unit it arrives at (levels, categories, "
     "min_severity, max_severity, consent, min_parties, referred) sends it through its stages there, one after another "
     "as each passes it on; after the last, the unit above takes it (a partner hands a referred issue back)."},
    {"evaluation", "stage name", "the stage holding the issue", "The stage that decides every resident evaluation."},
    {"sla", "stage name", "the stage holding the issue", "The stage that decides every SLA warning and breach."},
};

constexpr std::uint16_t kNoRoute = std::numeric_limits<std::uint16_t>::max();
constexpr std::uint8_t kNoStage = std::numeric_limits<std::uint8_t>::max();
constexpr std::size_t kMaxStages = 64;

struct Route {
  std::vector<std::uint8_t> stages;  // indices into the process's stages
};

class ProcessPolicy final : public Policy {
 public:
  ProcessPolicy(const PolicySetup& setup, const StageFactories& external) {
    const auto params = ParamReader::parse(setup);
    params.only({"stages", "routes", "evaluation", "sla", "description"});
    read_stages(setup, params.at("stages"), external);
    read_routes(setup, params.at("routes"));
    if (auto e = params.find("evaluation")) evaluation_ = stage_index(*e);
    if (auto s = params.find("sla")) sla_ = stage_index(*s);
    std::vector<bool> used(stages_.size(), false);
    for (const auto& r : routes_)
      for (auto s : r.stages) used[s] = true;
    if (evaluation_ != kNoStage) used[evaluation_] = true;
    if (sla_ != kNoStage) used[sla_] = true;
    for (std::size_t i = 0; i < used.size(); ++i)
      if (!used[i])
        params.at("stages").at(names_[i]).fail("expected every stage to be used by a route, 'evaluation' or 'sla'; '" +
                                               names_[i] + "' is not");
  }

  Action on_issue_arrived(const IssueView& issue, const Context& ctx) override {
    State& s = state_[issue.id];
    start_route(s, issue, ctx);
    return follow(issue, s, current(s).on_issue_arrived(view(issue, s), ctx), ctx);
  }
  Action on_attempt_finished(const IssueView& issue, const AttemptResult& result, const Context& ctx) override {
    State& s = state_of(issue, ctx);
    return follow(issue, s, current(s).on_attempt_finished(view(issue, s), result, ctx), ctx);
  }
  Action on_timer(const IssueView& issue, std::uint32_t tag, const Context& ctx) override {
    State& s = state_of(issue, ctx);
    const std::uint8_t who = s.timer_stage == kNoStage ? current_index(s) : s.timer_stage;
    s.timer_stage = kNoStage;  // it has run out
    return follow(issue, s, stages_[who]->on_timer(view(issue, s), tag, ctx), ctx, who);
  }
  Action on_evaluation(const IssueView& issue, double satisfaction, const Context& ctx) override {
    State& s = state_of(issue, ctx);
    const std::uint8_t who = evaluation_ == kNoStage ? current_index(s) : evaluation_;
    return follow(issue, s, stages_[who]->on_evaluation(view(issue, s), satisfaction, ctx), ctx, who);
  }
  Action on_dispatch_declined(const IssueView& issue, std::uint32_t offers, const Context& ctx) override {
    State& s = state_of(issue, ctx);
    return follow(issue, s, current(s).on_dispatch_declined(view(issue, s), offers, ctx), ctx);
  }
  Action on_meeting_agenda(const IssueView& issue, std::uint32_t meeting, const Context& ctx) override {
    State& s = state_of(issue, ctx);
    return follow(issue, s, current(s).on_meeting_agenda(view(issue, s), meeting, ctx), ctx);
  }
  Action on_sla_event(const IssueView& issue, SlaEvent event, const Context& ctx) override {
    State& s = state_of(issue, ctx);
    const std::uint8_t who = sla_ == kNoStage ? current_index(s) : sla_;
    return follow(issue, s, stages_[who]->on_sla_event(view(issue, s), event, ctx), ctx, who);
  }
  Action on_handback(const IssueView& issue, const Context& ctx) override {
    // Back at the unit that referred it: the route there resumes with the stage that referred it.
    auto saved = saved_.find(issue.id);
    State& s = state_[issue.id];
    if (saved != saved_.end()) {
      const std::uint8_t timer = s.timer_stage;  // the issue's timer, wherever it was set
      s = saved->second;
      saved_.erase(saved);
      s.timer_stage = timer;
      s.base = issue.attempts_here;  // the stage counts its attempts here afresh
    } else {
      start_route(s, issue, ctx);
    }
    return follow(issue, s, current(s).on_handback(view(issue, s), ctx), ctx);
  }
  Action on_reopen(const IssueView& issue, const Context& ctx) override {
    State& s = state_of(issue, ctx);
    return follow(issue, s, current(s).on_reopen(view(issue, s), ctx), ctx);
  }
  Action on_reject(const IssueView& issue, const Context& ctx) override {
    State& s = state_of(issue, ctx);
    saved_.erase(issue.id);
    return follow(issue, s, current(s).on_reject(view(issue, s), ctx), ctx);
  }
  void on_closed(const IssueView& issue) override {
    for (auto& st : stages_) st->on_closed(issue);
    state_.erase(issue.id);
    saved_.erase(issue.id);
  }

 private:
  // Where an issue is in its route at its current unit.
  struct State {
    std::uint16_t route = kNoRoute;
    std::uint8_t pos = 0;                 // index into the route's stages
    std::uint8_t timer_stage = kNoStage;  // the stage that set the issue's timer
    int base = 0;                         // attempts at the unit before the current stage took it
  };

  void read_stages(const PolicySetup& setup, const ParamReader& r, const StageFactories& external) {
    r.object();
    if (r.keys().empty()) r.fail("expected at least one stage");
    if (r.keys().size() > kMaxStages) r.fail("expected at most " + std::to_string(kMaxStages) + " stages");
    for (const auto& name : r.keys()) {
      const ParamReader st = *r.find(name);
      st.only({"policy", "params", "python", "description"});
      if (st.has("policy") == st.has("python")) st.fail("expected exactly one of 'policy' (a policy's name) or 'python'");
      names_.push_back(name);
      if (auto py = st.find("python")) {
        if (st.has("params")) st.at("params").fail("expected no 'params' for a Python stage (the object is made by the caller)");
        const std::string key = py->string();
        auto it = external.find(key);
        if (it == external.end())
          py->fail("expected a Python stage given to the run (govsim.run(..., stages={'" + key + "': ...})), but none is named '" +
                   key + "'");
        std::shared_ptr<Policy> made = it->second();
        if (!made) py->fail("expected the Python stage '" + key + "' to make a policy");
        stages_.push_back(std::move(made));
        continue;
      }
      const ParamReader pol = st.at("policy");
      const std::string policy = pol.string();
      if (policy == "process") pol.fail("expected a stage policy other than 'process' (a process is not a stage)");
      std::optional<PolicyHandle> handle;
      try {
        handle = find_policy(policy);
      } catch (const PluginError& e) {
        pol.fail(std::string("expected a known policy: ") + e.what());
      }
      std::string text = "{}";
      if (auto p = st.find("params")) {
        p->object();
        text = p->value().dump();
      }
      PolicySetup own = setup;
      own.params_json = text.c_str();
      SetupError error;
      Policy* made = handle->info().create(&own, &error);
      if (!made) throw ParamError(st.path() + "/params" + error.path, error.expected);
      stages_.push_back(std::shared_ptr<Policy>(PolicyPtr(made, PolicyDeleter{handle->info().destroy, handle->library()})));
    }
  }

  std::uint8_t stage_index(const ParamReader& r) const {
    const std::string name = r.string();
    for (std::size_t i = 0; i < names_.size(); ++i)
      if (names_[i] == name) return static_cast<std::uint8_t>(i);
    std::string known;
    for (const auto& n : names_) known += (known.empty() ? "" : ", ") + n;
    r.fail("expected the name of a stage in /stages (" + known + "), got '" + name + "'");
  }

  void read_routes(const PolicySetup& setup, const ParamReader& r) {
    // An array of routes, or an object of named routes (in order), which a variant can patch by name.
    std::vector<ParamReader> items;
    if (r.value().is_object()) {
      for (const auto& key : r.keys()) items.push_back(*r.find(key));
    } else {
      items = r.items();
    }
    if (items.empty()) r.fail("expected at least one route");
    if (items.size() >= kNoRoute) r.fail("expected fewer routes");
    const std::size_t levels = static_cast<std::size_t>(setup.level_count), cats = setup.category_count;
    categories_ = cats;
    max_severity_ = 1;
    for (std::size_t c = 0; c < cats; ++c) max_severity_ = std::max(max_severity_, setup.category_severities[c]);
    levels_ = levels;
    table_.assign(2 * levels * cats * static_cast<std::size_t>(max_severity_), kNoRoute);
    for (std::size_t i = 0; i < items.size(); ++i) {
      const ParamReader& item = items[i];
      item.only({"when", "stages", "description"});
      Route route;
      const ParamReader list = item.at("stages");
      for (const auto& s : list.items()) route.stages.push_back(stage_index(s));
      if (route.stages.empty()) list.fail("expected at least one stage name");
      if (route.stages.size() > kMaxStages) list.fail("expected at most " + std::to_string(kMaxStages) + " stages in a route");
      std::vector<bool> level_ok(levels, true), cat_ok(cats, true);
      bool referred_ok[2] = {true, true};
      int lo = 1, hi = max_severity_;
      if (auto w = item.find("when")) {
        w->only({"levels", "categories", "min_severity", "max_severity", "consent", "min_parties", "referred"});
        if (auto f = w->find("referred")) {
          referred_ok[0] = !f->boolean();
          referred_ok[1] = f->boolean();
        }
        if (auto l = w->find("levels")) {
          level_ok.assign(levels, false);
          for (const auto& x : l->items()) level_ok[static_cast<std::size_t>(x.level(setup))] = true;
        }
        if (auto c = w->find("categories")) {
          cat_ok.assign(cats, false);
          for (const auto& x : c->items()) cat_ok[x.category(setup)] = true;
        }
        if (auto m = w->find("min_severity")) lo = static_cast<int>(m->integer(1, 1000));
        if (auto m = w->find("max_severity")) hi = static_cast<int>(m->integer(1, 1000));
        if (lo > hi) w->at("min_severity").fail("expected min_severity at most max_severity (" + std::to_string(hi) + ")");
        if (auto c = w->find("consent")) {
          const bool want = c->boolean();
          for (std::size_t k = 0; k < cats; ++k)
            if ((setup.category_parties[k] > 0) != want) cat_ok[k] = false;
        }
        if (auto p = w->find("min_parties")) {
          const auto n = p->integer(2, 1000);
          for (std::size_t k = 0; k < cats; ++k)
            if (setup.category_parties[k] < n) cat_ok[k] = false;
        }
      }
      for (int ref = 0; ref < 2; ++ref)
        for (std::size_t l = 0; l < levels; ++l)
          for (std::size_t c = 0; c < cats; ++c)
            for (int sev = lo; sev <= std::min(hi, max_severity_); ++sev)
              if (referred_ok[ref] && level_ok[l] && cat_ok[c]) {
                auto& slot = table_[index(ref != 0, l, c, sev)];
                if (slot == kNoRoute) slot = static_cast<std::uint16_t>(i);
              }
      routes_.push_back(std::move(route));
    }
    // Every route takes some issue: one after a route that takes all it names would never be used
    // (a variant that appends a route after the catch-all).
    std::vector<bool> reached(items.size(), false);
    for (auto slot : table_)
      if (slot != kNoRoute) reached[slot] = true;
    for (std::size_t i = 0; i < items.size(); ++i)
      if (!reached[i])
        items[i].fail("expected a route that takes some issue, but the routes before it take every level, category and "
                      "severity it names (put it before them)");
    // Every level, category and severity an issue can have must find a route, referred or not.
    for (int ref = 0; ref < 2; ++ref)
      for (std::size_t l = 0; l < levels; ++l)
        for (std::size_t c = 0; c < cats; ++c)
          for (int sev = 1; sev <= setup.category_severities[c]; ++sev)
            if (table_[index(ref != 0, l, c, sev)] == kNoRoute)
              r.fail("expected a route for every level, category and severity: none takes " +
                     std::string(ref ? "a referred issue of " : "") + "category '" + setup.category_names[c] +
                     "' at severity " + std::to_string(sev) + " at level '" + setup.level_names[l] +
                     "' (end with a route without 'when')");
  }

  std::size_t index(bool referred, std::size_t level, std::size_t category, int severity) const {
    return ((static_cast<std::size_t>(referred) * levels_ + level) * categories_ + category) * static_cast<std::size_t>(max_severity_) +
           static_cast<std::size_t>(severity - 1);
  }

  std::uint16_t route_for(const IssueView& issue, const Context& ctx) const {
    const int sev = std::clamp(issue.assessed_severity, 1, max_severity_);
    return table_[index(issue.referred_from != kNoUnit, static_cast<std::size_t>(ctx.level_of(issue.unit)), issue.category, sev)];
  }

  // The issue starts the route that takes it at its unit; its timer still belongs to the stage
  // that set it, wherever that was.
  void start_route(State& s, const IssueView& issue, const Context& ctx) const {
    const std::uint8_t timer = s.timer_stage;
    s = State{};
    s.timer_stage = timer;
    s.route = route_for(issue, ctx);
    s.base = issue.attempts_here;
  }
  std::uint8_t current_index(const State& s) const { return routes_[s.route].stages[s.pos]; }
  Policy& current(const State& s) { return *stages_[current_index(s)]; }
  State& state_of(const IssueView& issue, const Context& ctx) {
    auto it = state_.find(issue.id);
    if (it != state_.end()) return it->second;
    State& s = state_[issue.id];  // not seen arriving (cannot happen from the engine): triage it here
    start_route(s, issue, ctx);
    return s;
  }
  static IssueView view(const IssueView& issue, const State& s) {
    IssueView v = issue;
    v.attempts_here -= s.base;
    return v;
  }

  // A stage's answer (`who` answered; by default the current stage): a timer is remembered with
  // the stage that set it; pass_on goes to the next stage of the route at this unit, and after the
  // last one to the engine (the unit above). A timer set with a pass_on carries over to the next
  // stage's answer unless that one sets its own.
  Action follow(const IssueView& issue, State& s, Action a, const Context& ctx, std::uint8_t who = kNoStage) {
    if (who == kNoStage) who = current_index(s);
    for (;;) {
      if (a.timer_tag != 0) s.timer_stage = who;
      if (a.kind == ActionKind::kRefer) saved_[issue.id] = s;  // to resume here when handed back
      if (a.kind != ActionKind::kPassOn || s.pos + 1u >= routes_[s.route].stages.size()) return a;
      ++s.pos;
      s.base = issue.attempts_here;
      who = current_index(s);
      Action next = current(s).on_issue_arrived(view(issue, s), ctx);
      if (a.timer_tag != 0 && next.timer_tag == 0 && next.kind != ActionKind::kClose && next.kind != ActionKind::kResolve) {
        next.timer_tag = a.timer_tag;
        next.timer_hours = a.timer_hours;
        next.timer_calendar = a.timer_calendar;
        who = s.timer_stage;  // still the stage that set it
      }
      a = next;
    }
  }

  std::vector<std::string> names_;
  std::vector<std::shared_ptr<Policy>> stages_;
  std::vector<Route> routes_;
  std::vector<std::uint16_t> table_;  // (level, category, severity) -> route
  std::size_t categories_ = 0, levels_ = 0;
  int max_severity_ = 1;
  std::uint8_t evaluation_ = kNoStage, sla_ = kNoStage;
  std::unordered_map<std::uint64_t, State> state_;
  std::unordered_map<std::uint64_t, State> saved_;  // issues out on referral: their state at the referring unit
};

Policy* create(const PolicySetup* setup, SetupError* error) noexcept {
  try {
    return make_process(*setup, {}).release();
  } catch (const ParamError& e) {
    detail::copy_text(error->path, sizeof error->path, e.path());
    detail::copy_text(error->expected, sizeof error->expected, e.what());
  } catch (const std::exception& e) {
    detail::copy_text(error->expected, sizeof error->expected, e.what());
  }
  return nullptr;
}
void destroy(Policy* p) noexcept { delete p; }

}  // namespace

const PluginInfo& process_info() {
  static const PluginInfo info{kPluginApiVersion,
                               "process",
                               "1.0.0",
                               "A process composed in the scenario: stages (policies with their own parameters) and routes that "
                               "triage each issue at each unit, by level, category, severity and consent, to a sequence of stages.",
                               kParams,
                               std::size(kParams),
                               &create,
                               &destroy};
  return info;
}

std::unique_ptr<Policy> make_process(const PolicySetup& setup, const StageFactories& external) {
  return std::make_unique<ProcessPolicy>(setup, external);
}

}  // namespace govsim::plugin
