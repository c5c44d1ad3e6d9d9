#include "govsim/io/scenario_loader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <numeric>
#include <sstream>

#include "govsim/error.hpp"
#include "govsim/model/world.hpp"

namespace govsim::io {

using model::Scenario;

json read_json_file(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory)
    throw ConfigError(path, "", "expected a readable JSON file (" + ec.message() + ")");
  if (!std::filesystem::exists(status)) throw ConfigError(path, "", "expected a JSON file (there is no such file)");
  if (std::filesystem::is_directory(status)) throw ConfigError(path, "", "expected a JSON file, not a directory");
  if (!std::filesystem::is_regular_file(status)) throw ConfigError(path, "", "expected a regular JSON file");
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw ConfigError(path, "", "expected a readable JSON file (" + ec.message() + ")");
  if (size > kMaxJsonFileBytes)
    throw ConfigError(path, "", "expected a JSON file of at most " + std::to_string(kMaxJsonFileBytes >> 20) + " MiB, got " +
                                    std::to_string(size >> 20) + " MiB");
  std::ifstream in(path, std::ios::binary);
  std::string text(size, '\0');
  if (!in || !in.read(text.data(), static_cast<std::streamsize>(size)))
    throw ConfigError(path, "", "expected a readable JSON file (cannot read it)");
  return parse_json(text, path);
}

namespace {

constexpr const char* kWeekdays[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

double parse_clock(const JsonReader& r) {
  if (r.value().is_number()) return r.number_in(0, 24);
  const std::string s = r.string();
  int h = -1, m = -1;
  char tail = 0;
  if (std::sscanf(s.c_str(), "%d:%d%c", &h, &m, &tail) != 2 || h < 0 || h > 24 || m < 0 || m > 59 ||
      (h == 24 && m != 0))
    r.fail("expected a time of day \"HH:MM\", got \"" + s + "\"");
  return h + m / 60.0;
}

long parse_day(const JsonReader& r, const core::Calendar& cal) {
  const auto d = core::parse_date(r.string());
  if (!d) r.fail("expected a date \"YYYY-MM-DD\", got " + excerpt(r.value()));
  return cal.day_of(*d);
}

std::vector<int> parse_weekday_set(const JsonReader& r, const std::string& key) {
  const auto dash = key.find('-');
  auto index = [&](const std::string& k) {
    for (int i = 0; i < 7; ++i)
      if (k == kWeekdays[i]) return i;
    r.fail("expected a weekday key (mon … sun, a range such as mon-fri, or daily), got '" + key + "'");
  };
  if (key == "daily") return {0, 1, 2, 3, 4, 5, 6};
  if (dash == std::string::npos) return {index(key)};
  const int a = index(key.substr(0, dash)), b = index(key.substr(dash + 1));
  if (b < a) r.fail("expected a weekday range in week order, got '" + key + "'");
  std::vector<int> out;
  for (int i = a; i <= b; ++i) out.push_back(i);
  return out;
}

core::WorkCalendar parse_calendar(const JsonReader& r, const core::Calendar& cal) {
  r.object({"weekly", "holidays", "extra_workdays", "description"});
  std::array<std::vector<core::WorkCalendar::Interval>, 7> weekly;
  std::array<bool, 7> seen{};
  const JsonReader w = r.at("weekly");
  for (const auto& key : w.keys()) {
    const JsonReader day = w.at(key);
    std::vector<core::WorkCalendar::Interval> intervals;
    day.array();
    for (std::size_t i = 0; i < day.size(); ++i) {
      const JsonReader iv = day.at(i);
      iv.array();
      if (iv.size() != 2) iv.fail("expected an interval [\"HH:MM\", \"HH:MM\"]");
      intervals.emplace_back(parse_clock(iv.at(0)), parse_clock(iv.at(1)));
    }
    for (int d : parse_weekday_set(day, key)) {
      if (seen[d]) day.fail(std::string("expected each weekday once; ") + kWeekdays[d] + " is given twice");
      seen[d] = true;
      weekly[d] = intervals;
    }
  }
  std::vector<long> holidays, extra;
  if (auto h = r.find("holidays"))
    for (std::size_t i = 0; i < h->array().size(); ++i) holidays.push_back(parse_day(h->at(i), cal));
  if (auto e = r.find("extra_workdays"))
    for (std::size_t i = 0; i < e->array().size(); ++i) extra.push_back(parse_day(e->at(i), cal));
  try {
    return core::WorkCalendar::weekly(std::move(weekly), cal, std::move(holidays), std::move(extra));
  } catch (const std::invalid_argument& ex) {
    r.fail(ex.what());
  }
}

template <std::size_t N>
std::array<double, N> parse_profile(const JsonReader& r) {
  const auto v = r.numbers();
  if (v.size() != N) r.fail("expected " + std::to_string(N) + " multipliers, got " + std::to_string(v.size()));
  std::array<double, N> out{};
  double sum = 0;
  for (std::size_t i = 0; i < N; ++i) {
    if (v[i] < 0) r.at(i).fail("expected a multiplier >= 0");
    sum += v[i];
  }
  if (!(sum > 0)) r.fail("expected at least one positive multiplier");
  for (std::size_t i = 0; i < N; ++i) out[i] = v[i] * N / sum;  // shape only: mean 1
  return out;
}

constexpr std::int64_t kMaxUnits = 50'000'000;

// Units a block makes, repeats multiplied out, counted before anything is built.
double count_units(const JsonReader& r) {
  r.object();
  const double repeat = r.has("repeat") ? static_cast<double>(r.at("repeat").integer(1, 10'000'000)) : 1.0;
  double per = 1;
  if (auto ch = r.find("children")) {
    ch->array();
    for (std::size_t c = 0; c < ch->size(); ++c) per += count_units(ch->at(c));
  }
  return repeat * per;
}

struct UnitBuilder {
  Scenario& sc;
  const std::string& file;
  std::vector<std::vector<std::pair<model::RoleId, std::uint32_t>>> overrides;  // per unit
  // Units' "summons" lists, resolved once every unit exists: (from, path, where it was written).
  struct PendingSummons {
    graph::UnitId from;
    std::string to;
    JsonReader where;
    graph::LinkKind kind = graph::LinkKind::kSummons;
  };
  std::vector<PendingSummons> summons;

  // A link's path: absolute, or "./x" (a child of the unit) or "../x" (a sibling).
  static std::string relative(const std::string& to, const std::string& self) {
    if (to.rfind("./", 0) == 0) return self + "/" + to.substr(2);
    if (to.rfind("../", 0) == 0) {
      const auto slash = self.rfind('/');
      return (slash == std::string::npos ? "" : self.substr(0, slash + 1)) + to.substr(3);
    }
    return to;
  }

  void build(const JsonReader& r, graph::UnitId parent, const std::string& parent_path, int parent_level) {
    r.object({"name", "level", "repeat", "households", "authority", "staff", "summons", "coordinates", "children", "owns",
              "refuses", "description"});
    const std::int64_t repeat = r.has("repeat") ? r.at("repeat").integer(1, 10'000'000) : 1;
    std::string name_template = r.at("name").string();
    if (name_template.empty() || name_template.find('/') != std::string::npos)
      r.at("name").fail("expected a non-empty unit name without '/'");
    if (repeat > 1 && name_template.find("{i}") == std::string::npos) name_template += "-{i}";
    int level = parent_level + 1;
    if (auto lv = r.find("level")) {
      const auto found = sc.find_level(lv->string());
      if (!found) lv->fail("expected one of the levels listed in /levels, got '" + lv->string() + "'");
      level = *found;
    }
    if (level >= static_cast<int>(sc.levels.size()))
      r.fail("expected a level below the parent's, but the parent is at the lowest level");
    if (level <= parent_level)
      r.at("level").fail("expected a level below the parent's level '" + sc.levels[parent_level].name + "'");
    std::vector<std::uint64_t> households;
    if (auto h = r.find("households")) {
      if (h->value().is_array()) {
        if (h->size() == 0) h->fail("expected a non-empty array of household counts");
        for (std::size_t i = 0; i < h->size(); ++i)
          households.push_back(static_cast<std::uint64_t>(h->at(i).integer(0, 1'000'000'000)));
      } else {
        households.push_back(static_cast<std::uint64_t>(h->integer(0, 1'000'000'000)));
      }
    }
    int authority = sc.levels[level].authority;
    if (auto a = r.find("authority")) authority = static_cast<int>(a->integer(0, 1000));
    std::vector<std::pair<model::RoleId, std::uint32_t>> staff;
    if (auto s = r.find("staff")) {
      for (const auto& role : s->keys()) {
        const auto rid = sc.find_role(role);
        if (!rid) s->at(role).fail("expected a role defined in /staff, got '" + role + "'");
        staff.emplace_back(*rid, static_cast<std::uint32_t>(s->at(role).integer(0, 1'000'000)));
      }
    }
    std::vector<model::CategoryId> owns;
    if (auto o = r.find("owns")) {
      if (o->size() == 0) o->fail("expected a non-empty array of category names (leave 'owns' out for a general unit)");
      for (std::size_t k = 0; k < o->size(); ++k) {
        const auto c = sc.find_category(o->at(k).string());
        if (!c) o->at(k).fail("expected a category from /demand/categories, got '" + o->at(k).string() + "'");
        owns.push_back(*c);
      }
    }
    double refuses = 0;
    if (auto f = r.find("refuses")) refuses = f->number_in(0, 1);
    for (std::int64_t i = 1; i <= repeat; ++i) {
      std::string name = name_template;
      for (auto pos = name.find("{i}"); pos != std::string::npos; pos = name.find("{i}"))
        name.replace(pos, 3, std::to_string(i));
      graph::Unit u;
      u.name = parent_path.empty() ? name : parent_path + "/" + name;
      u.level = level;
      u.households = households.empty() ? 0 : households[(i - 1) % households.size()];
      u.authority = authority;
      graph::UnitId id;
      try {
        id = sc.org.add_unit(u);
      } catch (const std::invalid_argument& e) {
        r.at("name").fail(e.what());
      }
      overrides.push_back(staff);
      for (auto c : owns) sc.jurisdiction.push_back((std::uint64_t{id} << 16) | c);
      if (refuses > 0) sc.refusals.emplace_back(id, refuses);
      for (const char* key : {"summons", "coordinates"})
        if (auto sm = r.find(key)) {
          sm->array();
          const auto kind = key[0] == 's' ? graph::LinkKind::kSummons : graph::LinkKind::kCoordinates;
          for (std::size_t k = 0; k < sm->size(); ++k) {
            std::string to = sm->at(k).string();  // "{i}" is the copy number, as in names
            for (auto pos = to.find("{i}"); pos != std::string::npos; pos = to.find("{i}")) to.replace(pos, 3, std::to_string(i));
            summons.push_back({id, relative(to, u.name), sm->at(k), kind});
          }
        }
      if (parent != graph::kNoUnit) sc.org.add_link(id, parent, graph::LinkKind::kReportsTo);
      if (auto ch = r.find("children")) {
        ch->array();
        for (std::size_t c = 0; c < ch->size(); ++c) build(ch->at(c), id, u.name, level);
      }
    }
  }
};

void parse_levels(const JsonReader& r, Scenario& sc) {
  r.array();
  if (r.size() == 0) r.fail("expected at least one level");
  const int n = static_cast<int>(r.size());
  for (int i = 0; i < n; ++i) {
    const JsonReader l = r.at(i);
    model::LevelSpec spec;
    spec.authority = n - i;
    if (l.value().is_string()) {
      spec.name = l.string();
    } else {
      l.object({"name", "authority", "description"});
      spec.name = l.at("name").string();
      if (auto a = l.find("authority")) spec.authority = static_cast<int>(a->integer(0, 1000));
    }
    if (spec.name.empty()) l.fail("expected a non-empty level name");
    if (sc.find_level(spec.name)) l.fail("expected unique level names; '" + spec.name + "' is repeated");
    sc.levels.push_back(spec);
  }
}

template <class T, class Parse>
void parse_per_category(const JsonReader& r, const Scenario& sc, T& fallback, std::vector<std::optional<T>>& by_cat,
                        Parse parse, bool by_default_key) {
  by_cat.assign(sc.categories.size(), std::nullopt);
  // Either a single value, or {"default": value, "<category>": value, ...}.
  if (!by_default_key) {
    fallback = parse(r);
    return;
  }
  for (const auto& key : r.keys()) {
    if (key == "default") {
      fallback = parse(r.at(key));
      continue;
    }
    const auto c = sc.find_category(key);
    if (!c) r.at(key).fail("expected 'default' or a category from /demand/categories, got '" + key + "'");
    by_cat[*c] = parse(r.at(key));
  }
  if (!r.has("default")) {
    for (std::size_t c = 0; c < by_cat.size(); ++c)
      if (!by_cat[c]) r.fail("expected a 'default' entry or one for every category ('" + sc.categories[c].name + "' is missing)");
  }
}

model::Schedule parse_schedule(const JsonReader& s);

// A role's duties (model::DutySpec).
model::DutySpec parse_duties(const JsonReader& d, const Scenario& sc) {
  d.object({"visits", "patrol_hours_per_week", "sittings", "report_minutes_per_attempt", "report_minutes_per_visit",
            "sharing", "urgent_severity", "description"});
  model::DutySpec out;
  if (auto v = d.find("visits")) {
    v->object({"every_days", "minutes", "travel_minutes", "absent_share", "phone_minutes", "description"});
    model::DutySpec::Visits vs;
    vs.every_days = v->at("every_days").number_in(1.0 / 24, 3660);
    vs.minutes = v->at("minutes").number_in(0.1, 24 * 60);
    if (auto t = v->find("travel_minutes")) vs.travel_minutes = t->number_in(0, 24 * 60);
    if (auto a = v->find("absent_share")) vs.absent_share = a->number_in(0, 1);
    if (auto ph = v->find("phone_minutes")) vs.phone_minutes = ph->number_in(0.1, 24 * 60);
    out.visits = vs;
  }
  if (auto p = d.find("patrol_hours_per_week")) out.patrol_hours_per_week = p->number_in(0, 168);
  if (auto ss = d.find("sittings")) {
    for (const auto& name : ss->keys()) {
      const JsonReader st = ss->at(name);
      st.object({"schedule", "hours", "staff", "receives", "description"});
      model::SittingSpec sit;
      sit.name = name;
      sit.schedule = parse_schedule(st.at("schedule"));
      sit.hours = st.at("hours").number_in(0.01, 24);
      if (auto n = st.find("staff")) sit.staff = static_cast<std::uint32_t>(n->integer(1, 1'000'000));
      if (auto rv = st.find("receives")) sit.receives = rv->boolean();
      out.sittings.push_back(sit);
    }
  }
  if (auto m = d.find("report_minutes_per_attempt")) out.report_minutes_per_attempt = m->number_in(0, 24 * 60);
  if (auto m = d.find("report_minutes_per_visit")) out.report_minutes_per_visit = m->number_in(0, 24 * 60);
  if (auto sh = d.find("sharing")) {
    const std::string rule = sh->string();
    if (rule == "duties_first") out.sharing = model::DutySpec::Sharing::kDutiesFirst;
    else if (rule == "issues_first") out.sharing = model::DutySpec::Sharing::kIssuesFirst;
    else sh->fail("expected duties_first or issues_first, got '" + rule + "'");
  }
  if (auto u = d.find("urgent_severity")) {
    if (out.sharing != model::DutySpec::Sharing::kDutiesFirst)
      u->fail("expected urgent_severity only with sharing duties_first (under issues_first every issue goes first)");
    out.urgent_severity = static_cast<int>(u->integer(1, sc.max_severity));
  }
  return out;
}

// Issues found by visits or patrols name the role whose duty finds them (read after the roles).
void resolve_channel_roles(const JsonReader& root, Scenario& sc) {
  for (auto& cat : sc.categories)
    for (std::size_t i = 0; i < cat.discovery.size(); ++i) {
      auto& ch = cat.discovery[i];
      using Kind = model::DiscoveryChannel::Kind;
      if (ch.kind != Kind::kVisit && ch.kind != Kind::kPatrol && ch.kind != Kind::kReception) continue;
      const JsonReader r = root.at("demand").at("categories").at(cat.name).at("discovery").at(i).at("role");
      const auto rid = sc.find_role(r.string());
      if (!rid) r.fail("expected a role defined in /staff, got '" + r.string() + "'");
      const auto& duties = sc.roles[*rid].duties;
      if (ch.kind == Kind::kVisit && !duties.visits)
        r.fail("expected a role with visits among its duties (/staff/" + r.string() + "/duties/visits)");
      if (ch.kind == Kind::kPatrol && !(duties.patrol_hours_per_week > 0))
        r.fail("expected a role that patrols (/staff/" + r.string() + "/duties/patrol_hours_per_week > 0)");
      if (ch.kind == Kind::kReception &&
          std::none_of(duties.sittings.begin(), duties.sittings.end(), [](const auto& st) { return st.receives; }))
        r.fail("expected a role that holds reception days (a sitting with \"receives\": true in /staff/" + r.string() +
               "/duties/sittings)");
      ch.role = *rid;
    }
}

void parse_roles(const JsonReader& r, Scenario& sc) {
  r.object();
  if (r.size() > 10000) r.fail("expected at most 10000 roles");
  for (const auto& name : r.keys()) {
    if (name.empty()) r.at(name).fail("expected a non-empty role name");
    model::RoleSpec role;
    role.name = name;
    sc.roles.push_back(role);
  }
  for (std::size_t i = 0; i < sc.roles.size(); ++i) {
    model::RoleSpec& role = sc.roles[i];
    const JsonReader rr = r.at(role.name);
    rr.object({"level", "count", "per_households", "min", "calendar", "service", "success", "handles", "accept",
               "reply_delay", "pooled_at", "grid_households", "duties", "wage_per_year", "hour_value", "description"});
    if (auto d = rr.find("duties")) role.duties = parse_duties(*d, sc);
    if (auto w = rr.find("wage_per_year")) role.cost.wage_per_year = w->number_in(0, 1e9);
    if (auto v = rr.find("hour_value")) role.cost.hour_value = v->number_in(0, 1e6);
    if (auto a = rr.find("accept")) role.accept = a->number_in(0, 1);
    if (auto d = rr.find("reply_delay")) role.reply_delay = parse_distribution(*d);
    if (auto lv = rr.find("level")) {
      const auto l = sc.find_level(lv->string());
      if (!l) lv->fail("expected one of the levels listed in /levels, got '" + lv->string() + "'");
      role.level = *l;
      if (rr.has("count") == rr.has("per_households"))
        rr.fail("expected exactly one of 'count' or 'per_households' for a role placed by 'level'");
      if (auto c = rr.find("count")) role.count = static_cast<std::uint32_t>(c->integer(0, 1'000'000));
      if (auto p = rr.find("per_households")) role.per_households = p->positive();
      if (auto m = rr.find("min")) role.min_count = static_cast<std::uint32_t>(m->integer(0, 1'000'000));
      if (auto pa = rr.find("pooled_at")) {
        const auto pl = sc.find_level(pa->string());
        if (!pl) pa->fail("expected one of the levels listed in /levels, got '" + pa->string() + "'");
        if (*pl > *l) pa->fail("expected a level at or above the role's level '" + sc.levels[*l].name + "', got '" + pa->string() + "'");
        if (*pl < *l) role.pooled_at = *pl;
      }
      if (auto g = rr.find("grid_households")) {
        if (!role.pooled_at)
          g->fail("expected 'grid_households' with 'pooled_at' naming a level above '" + sc.levels[*l].name +
                  "' (grids are drawn within each of its units)");
        role.grid_households = g->number_in(1, 1e9);
      }
    } else if (rr.has("pooled_at") || rr.has("grid_households")) {
      const char* key = rr.has("pooled_at") ? "pooled_at" : "grid_households";
      rr.at(key).fail(std::string("expected '") + key + "' only with 'level' (staff working at that level, pooled higher up)");
    } else if (rr.has("count") || rr.has("per_households")) {
      rr.fail("expected 'level' with 'count' or 'per_households' (or place the role through units' 'staff')");
    }
    const std::string cal = rr.string_or("calendar", "always");
    auto it = std::find_if(sc.calendars.begin(), sc.calendars.end(), [&](const auto& c) { return c.name == cal; });
    if (it == sc.calendars.end()) rr.at("calendar").fail("expected 'always' or a calendar from /calendars, got '" + cal + "'");
    role.calendar = static_cast<std::size_t>(it - sc.calendars.begin());
    const JsonReader svc = rr.at("service");
    svc.object();
    parse_per_category(svc, sc, role.service, role.service_by_category, parse_distribution, !svc.has("dist"));
    if (auto s = rr.find("success")) {
      parse_per_category(*s, sc, role.success, role.success_by_category,
                         [](const JsonReader& x) { return x.number_in(0, 1); }, s->value().is_object());
    } else {
      role.success_by_category.assign(sc.categories.size(), std::nullopt);
    }
    role.handles.assign(sc.categories.size(), true);
    if (auto h = rr.find("handles")) {
      h->array();
      std::fill(role.handles.begin(), role.handles.end(), false);
      for (std::size_t k = 0; k < h->size(); ++k) {
        const std::string c = h->at(k).string();
        if (c == "*") {
          std::fill(role.handles.begin(), role.handles.end(), true);
          continue;
        }
        const auto cid = sc.find_category(c);
        if (!cid) h->at(k).fail("expected '*' or a category from /demand/categories, got '" + c + "'");
        role.handles[*cid] = true;
      }
    }
  }
}

void parse_demand(const JsonReader& r, Scenario& sc) {
  r.object({"categories", "surges", "description"});
  const JsonReader cats = r.at("categories");
  cats.object();
  if (cats.size() == 0 || cats.size() > 10000) cats.fail("expected 1 to 10000 issue categories");
  for (const auto& name : cats.keys()) {
    const JsonReader c = cats.at(name);
    c.object({"rate_per_household_year", "severity", "assessment_error", "profile", "overdispersion", "discovery",
              "patience", "festering", "consent", "reopen", "jurisdictions", "description"});
    if (name.empty() || name == "default" || name == "dist" || name == "*")
      c.fail("expected a category name other than '', 'default', 'dist' or '*' (they have meanings in per-category maps)");
    model::CategorySpec spec;
    spec.name = name;
    spec.rate_per_household_year = c.at("rate_per_household_year").non_negative();
    if (auto s = c.find("severity")) {
      spec.severity = s->numbers();
      if (spec.severity.empty() || spec.severity.size() > 250)
        s->fail("expected an array of 1 to 250 severity probabilities");
      double sum = 0;
      for (std::size_t i = 0; i < spec.severity.size(); ++i) {
        if (spec.severity[i] < 0) s->at(i).fail("expected a probability >= 0");
        sum += spec.severity[i];
      }
      if (std::abs(sum - 1.0) > 1e-6) {
        std::ostringstream os;
        os << "expected severity probabilities that sum to 1, got a sum of " << sum;
        s->fail(os.str());
      }
    } else {
      spec.severity = {1.0};
    }
    sc.max_severity = std::max(sc.max_severity, static_cast<int>(spec.severity.size()));
    if (auto a = c.find("assessment_error")) spec.assessment_error = a->number_in(0, 1);
    if (auto p = c.find("profile")) {
      p->object({"month", "weekday", "hour"});
      if (auto m = p->find("month")) spec.month = parse_profile<12>(*m);
      if (auto w = p->find("weekday")) spec.weekday = parse_profile<7>(*w);
      if (auto h = p->find("hour")) spec.hour = parse_profile<24>(*h);
    }
    if (auto o = c.find("overdispersion")) spec.overdispersion = o->number_in(0, 100);
    if (auto d = c.find("discovery")) {
      d->array();
      if (d->size() == 0) d->fail("expected at least one discovery channel");
      double sum = 0;
      for (std::size_t i = 0; i < d->size(); ++i) {
        const JsonReader ch = d->at(i);
        ch.object({"channel", "share", "delay", "found_by", "role", "couriers", "households_each", "courier_delay",
                   "description"});
        model::DiscoveryChannel dc;
        dc.name = ch.at("channel").string();
        dc.share = ch.at("share").number_in(0, 1);
        using Kind = model::DiscoveryChannel::Kind;
        const std::string by = ch.string_or("found_by", "residents");
        if (by == "residents") dc.kind = Kind::kReport;
        else if (by == "visits") dc.kind = Kind::kVisit;
        else if (by == "patrol") dc.kind = Kind::kPatrol;
        else if (by == "couriers") dc.kind = Kind::kCourier;
        else if (by == "reception") dc.kind = Kind::kReception;
        else ch.at("found_by").fail("expected one of residents, visits, patrol, couriers, reception, got '" + by + "'");
        if (auto dl = ch.find("delay")) dc.delay = parse_distribution(*dl);
        else if (dc.kind == Kind::kReport) dc.delay = core::Distribution::deterministic(0);
        const bool staff = dc.kind == Kind::kVisit || dc.kind == Kind::kPatrol || dc.kind == Kind::kReception;
        if (staff != ch.has("role"))
          ch.fail(staff ? "expected 'role': the role whose " + (by == "reception" ? std::string("reception days") : by) + " find these issues"
                        : "expected no 'role' for issues found by " + by);
        const bool courier = dc.kind == Kind::kCourier;
        for (const char* key : {"couriers", "households_each", "courier_delay"})
          if (ch.has(key) != courier)
            ch.fail(courier ? std::string("expected '") + key + "' for issues found by couriers"
                            : std::string("expected no '") + key + "' for issues found by " + by);
        if (courier) {
          dc.couriers = static_cast<double>(ch.at("couriers").integer(0, 10'000'000));
          dc.households_each = ch.at("households_each").non_negative();
          dc.courier_delay = parse_distribution(ch.at("courier_delay"));
        }
        sum += dc.share;
        spec.discovery.push_back(std::move(dc));
      }
      if (std::abs(sum - 1.0) > 1e-6) {
        std::ostringstream os;
        os << "expected discovery shares that sum to 1, got a sum of " << sum;
        d->fail(os.str());
      }
    } else {
      model::DiscoveryChannel dc;
      dc.name = "resident";
      dc.delay = core::Distribution::deterministic(0);
      spec.discovery.push_back(std::move(dc));
    }
    if (auto pt = c.find("patience")) spec.patience = parse_distribution(*pt);
    if (auto co = c.find("consent")) {
      co->object({"parties", "staff_success", "meeting_success", "description"});
      model::CategorySpec::Consent k;
      k.parties = static_cast<int>(co->at("parties").integer(2, 1000));
      if (auto ss = co->find("staff_success")) k.staff_success = ss->number_in(0, 1);
      if (auto ms = co->find("meeting_success")) k.meeting_success = ms->number_in(0, 1);
      spec.consent = k;
    }
    if (auto fe = c.find("festering")) {
      fe->object({"every_days", "max_severity", "description"});
      model::CategorySpec::Festering f;
      f.every_days = fe->at("every_days").number_in(0.01, 3650);
      f.max_severity = static_cast<int>(fe->at("max_severity").integer(1, static_cast<std::int64_t>(spec.severity.size())));
      spec.festering = f;
    }
    if (auto ju = c.find("jurisdictions")) {
      ju->object({"count", "staff_success", "description"});
      model::CategorySpec::Jurisdictions k;
      k.count = static_cast<int>(ju->at("count").integer(1, 1000));
      if (auto ss = ju->find("staff_success")) k.staff_success = ss->number_in(0, 1);
      spec.jurisdictions = k;
    }
    if (auto ro = c.find("reopen")) {
      ro->object({"share", "within_days", "max", "description"});
      model::CategorySpec::Reopen k;
      k.share = ro->at("share").number_in(0, 1);
      if (auto w = ro->find("within_days")) k.within_days = w->number_in(0.001, 3650);
      if (auto mx = ro->find("max")) k.max = static_cast<int>(mx->integer(1, 1000));
      spec.reopen = k;
    }
    sc.categories.push_back(std::move(spec));
  }
  if (auto s = r.find("surges")) {
    s->array();
    for (std::size_t i = 0; i < s->size(); ++i) {
      const JsonReader sr = s->at(i);
      sr.object({"start", "days", "multiplier", "categories", "description"});
      model::Surge surge;
      surge.first_day = parse_day(sr.at("start"), sc.calendar);
      surge.last_day = surge.first_day + sr.at("days").integer(1, 100000) - 1;
      surge.multiplier = sr.at("multiplier").non_negative();
      surge.categories.assign(sc.categories.size(), true);
      if (auto cs = sr.find("categories")) {
        cs->array();
        std::fill(surge.categories.begin(), surge.categories.end(), false);
        for (std::size_t k = 0; k < cs->size(); ++k) {
          const auto cid = sc.find_category(cs->at(k).string());
          if (!cid) cs->at(k).fail("expected a category from /demand/categories, got " + excerpt(cs->at(k).value()));
          surge.categories[*cid] = true;
        }
      }
      sc.surges.push_back(std::move(surge));
    }
  }
}

void parse_run(const JsonReader& r, Scenario& sc) {
  r.object({"horizon_days", "warmup_days", "replications", "seed", "record_issues", "sample_interval_hours"});
  auto& run = sc.run;
  if (auto h = r.find("horizon_days")) run.horizon_days = h->number_in(1e-6, 365.0 * 1000);
  if (auto w = r.find("warmup_days")) run.warmup_days = w->non_negative();
  if (run.warmup_days >= run.horizon_days) r.at("warmup_days").fail("expected warmup_days < horizon_days");
  if (auto n = r.find("replications")) run.replications = static_cast<std::uint32_t>(n->integer(1, 100'000));
  if (auto s = r.find("seed")) {
    if (!s->value().is_number_unsigned() && !(s->value().is_number_integer() && s->value().get<std::int64_t>() >= 0))
      s->fail("expected an integer seed from 0 to 18446744073709551615, got " + excerpt(s->value()));
    run.seed = s->value().get<std::uint64_t>();
  }
  run.record_issues = r.boolean_or("record_issues", false);
  if (auto si = r.find("sample_interval_hours")) run.sample_interval_hours = si->number_in(0.01, 1e6);
  if (run.horizon_days * 24 / run.sample_interval_hours > 1e6)
    r.fail("expected at most a million backlog samples (horizon_days * 24 / sample_interval_hours); raise sample_interval_hours");
}

// schema_version, name, description and start_date.
void parse_header(const JsonReader& root, Scenario& sc) {
  const JsonReader version = root.at("schema_version");
  if (version.integer(0, 1'000'000) != kSchemaVersion)
    version.fail("expected schema_version " + std::to_string(kSchemaVersion) + ", got " + excerpt(version.value()));
  sc.name = root.at("name").string();
  {  // the name names output files (calibrate's default folder and fitted scenario): a plain file name
    const bool control = std::any_of(sc.name.begin(), sc.name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
    if (sc.name.empty() || sc.name.size() > 100 || sc.name == "." || sc.name == ".." || control ||
        sc.name.find_first_of("/\\") != std::string::npos)
      root.at("name").fail("expected a name of 1 to 100 bytes usable as a file name (no '/', '\\' or control characters, "
                           "not '.' or '..'), got " + excerpt(root.at("name").value()));
  }
  sc.description = root.string_or("description", "");
  const JsonReader start = root.at("start_date");
  const auto date = core::parse_date(start.string());
  if (!date) start.fail("expected a date \"YYYY-MM-DD\", got " + excerpt(start.value()));
  sc.calendar = core::Calendar(*date);
}

// The level at and below which a resolution counts as "grassroots" (default: the lowest).
void parse_grassroots_level(const JsonReader& root, Scenario& sc) {
  sc.grassroots_level = static_cast<int>(sc.levels.size()) - 1;
  if (auto g = root.find("grassroots_level")) {
    const auto l = sc.find_level(g->string());
    if (!l) g->fail("expected one of the levels listed in /levels, got '" + g->string() + "'");
    sc.grassroots_level = *l;
  }
}

// The work calendars, after the built-in "always".
void parse_calendars(const JsonReader& root, Scenario& sc) {
  sc.calendars.push_back({"always", core::WorkCalendar::always()});
  if (auto cals = root.find("calendars")) {
    if (cals->size() > 100) cals->fail("expected at most 100 calendars");
    for (const auto& name : cals->keys()) {
      if (name == "always") cals->at(name).fail("expected a calendar name other than the built-in 'always'");
      sc.calendars.push_back({name, parse_calendar(cals->at(name), sc.calendar)});
    }
  }
}

// The organisation: units (with repeat blocks), summons links and other links. Returns the units'
// own staff entries, which override the level rules; `summoning` gets each unit with a `summons`
// list and the JSON path of its first entry (for check_summoned, once staff are placed).
auto parse_org(const JsonReader& root, Scenario& sc, std::vector<std::pair<graph::UnitId, std::string>>& summoning) {
  const JsonReader org = root.at("org");
  org.object({"units", "links", "description"});
  const JsonReader units = org.at("units");
  units.array();
  if (units.size() == 0) units.fail("expected at least one unit");
  double total_units = 0;
  for (std::size_t i = 0; i < units.size(); ++i) total_units += count_units(units.at(i));
  if (total_units > kMaxUnits) {
    std::ostringstream os;
    os << "expected at most " << kMaxUnits << " units in all; the repeat blocks make " << std::setprecision(15) << total_units;
    units.fail(os.str());
  }
  UnitBuilder builder{sc, root.file(), {}, {}};
  for (std::size_t i = 0; i < units.size(); ++i) builder.build(units.at(i), graph::kNoUnit, "", -1);
  try {
    sc.org.finalize();
  } catch (const std::invalid_argument& e) {
    units.fail(e.what());
  }
  if (sc.org.total_households() == 0) units.fail("expected households on at least one unit without children");
  std::sort(sc.jurisdiction.begin(), sc.jurisdiction.end());
  sc.jurisdiction.erase(std::unique(sc.jurisdiction.begin(), sc.jurisdiction.end()), sc.jurisdiction.end());
  std::sort(sc.refusals.begin(), sc.refusals.end());
  for (const auto& p : builder.summons) {
    const auto to = sc.org.find(p.to);
    if (to == graph::kNoUnit)
      p.where.fail(std::string("expected the path of a unit to ") + (p.kind == graph::LinkKind::kSummons ? "summon" : "coordinate with") +
                   " (e.g. \"district/street-1\", or \"../x\" for a sibling), got '" + p.where.string() + "'" +
                   (p.to != p.where.string() ? ", which names '" + p.to + "' for unit '" + sc.org.unit(p.from).name + "'" : ""));
    try {
      sc.org.add_link(p.from, to, p.kind);
    } catch (const std::invalid_argument& e) {
      p.where.fail(e.what());
    }
  }
  if (auto links = org.find("links")) {
    links->array();
    for (std::size_t i = 0; i < links->size(); ++i) {
      const JsonReader l = links->at(i);
      l.object({"from", "to", "kind", "description"});
      auto unit_of = [&](const JsonReader& x) {
        const auto u = sc.org.find(x.string());
        if (u == graph::kNoUnit) x.fail("expected the path of a unit (e.g. \"district/street-1\"), got " + excerpt(x.value()));
        return u;
      };
      const std::string kind = l.at("kind").string();
      graph::LinkKind k;
      if (kind == "summons") k = graph::LinkKind::kSummons;
      else if (kind == "coordinates") k = graph::LinkKind::kCoordinates;
      else l.at("kind").fail("expected 'summons' or 'coordinates' (reports_to links come from the unit tree), got '" + kind + "'");
      try {
        sc.org.add_link(unit_of(l.at("from")), unit_of(l.at("to")), k);
      } catch (const std::invalid_argument& e) {
        l.fail(e.what());
      }
    }
  }
  for (std::size_t i = 0; i < builder.summons.size(); ++i) {
    const auto& p = builder.summons[i];
    if (p.kind != graph::LinkKind::kSummons || (!summoning.empty() && summoning.back().first == p.from)) continue;
    summoning.emplace_back(p.from, p.where.path());
  }
  return std::move(builder.overrides);
}

// Staff pools: level rules first, then the units' own entries replace a role's count.
void place_staff(const JsonReader& root, Scenario& sc, const std::vector<std::vector<std::pair<model::RoleId, std::uint32_t>>>& overrides) {
  // Staff pools: level rules first, then explicit unit overrides replace a role's count.
  for (std::size_t r = 0; r < sc.roles.size(); ++r) {
    auto& role = sc.roles[r];
    if (!role.grids()) continue;
    std::vector<bool> own(sc.org.size(), false);  // units with their own entry for the role stay out of the grids
    for (graph::UnitId u = 0; u < sc.org.size(); ++u)
      for (const auto& entry : overrides[u]) own[u] = own[u] || entry.first == r;
    model::draw_grids(sc.org, *role.level, *role.pooled_at, role.grid_households, role.grid_of, role.grid_hh, own);
  }
  for (graph::UnitId u = 0; u < sc.org.size(); ++u) {
    graph::Unit& unit = sc.org.unit(u);
    for (std::size_t r = 0; r < sc.roles.size(); ++r) {
      const auto& role = sc.roles[r];
      if (!role.level) continue;
      if (role.grids() ? role.grid_of[u] != u : role.pooled_at.value_or(*role.level) != unit.level) continue;
      std::uint32_t n = role.count;
      if (role.per_households > 0) {
        const double exact = static_cast<double>(role.grids() ? role.grid_hh[u] : sc.org.households_under(u)) / role.per_households;
        if (exact > 1'000'000)
          root.at("staff").at(role.name).at("per_households")
              .fail("expected at most 1000000 staff per unit; '" + unit.name + "' would get " + std::to_string(std::llround(exact)));
        n = std::max<std::uint32_t>(role.min_count, static_cast<std::uint32_t>(std::llround(exact)));
      }
      unit.staff.emplace_back(static_cast<model::RoleId>(r), n);
    }
    for (const auto& entry : overrides[u]) {
      const model::RoleId rid = entry.first;
      auto it = std::find_if(unit.staff.begin(), unit.staff.end(), [rid](const auto& p) { return p.first == rid; });
      if (it != unit.staff.end()) it->second = entry.second;
      else unit.staff.emplace_back(rid, entry.second);
    }
    std::sort(unit.staff.begin(), unit.staff.end());
    unit.staff.erase(std::remove_if(unit.staff.begin(), unit.staff.end(), [](const auto& p) { return p.second == 0; }),
                     unit.staff.end());
  }
}

// Visits are counted exactly (in doubles): a pool may owe at most a trillion a year.
void check_visit_scale(const JsonReader& root, const Scenario& sc) {
  for (graph::UnitId u = 0; u < sc.org.size(); ++u)
    for (const auto& [role, n] : sc.org.unit(u).staff) {
      const auto& v = sc.roles[role].duties.visits;
      if (!v) continue;
      const auto& r = sc.roles[role];
      const double per_year =
          static_cast<double>(r.grids() && r.grid_of[u] == u ? r.grid_hh[u] : sc.org.households_under(u)) * 365 / v->every_days;
      if (per_year > 1e12) {
        std::ostringstream os;
        os << "expected at most a trillion visits a year per pool; '" << sc.org.unit(u).name << "' would owe " << per_year;
        root.at("staff").at(sc.roles[role].name).at("duties").at("visits").at("every_days").fail(os.str());
      }
    }
}

// A rate so high that the arrivals could not be simulated (or overflow) is an input error.
void check_peak_rates(const JsonReader& root, const Scenario& sc) {
  // A rate so high that the arrivals could not be simulated (or overflow) is an input error.
  for (const auto& cat : sc.categories) {
    double peak = static_cast<double>(sc.org.total_households()) * cat.rate_per_household_year / core::kHoursPerYear *
                  *std::max_element(cat.month.begin(), cat.month.end()) *
                  *std::max_element(cat.weekday.begin(), cat.weekday.end()) *
                  (cat.hour ? *std::max_element(cat.hour->begin(), cat.hour->end()) : 1.0);
    const auto cid = static_cast<std::size_t>(&cat - sc.categories.data());
    for (const auto& s : sc.surges)
      if (s.categories[cid]) peak *= std::max(1.0, s.multiplier);
    if (!(peak <= 1e7)) {
      std::ostringstream os;
      os << "expected at most 10 million issues an hour at the peak; with " << sc.org.total_households()
         << " households, its profile and surges this rate gives " << peak;
      root.at("demand").at("categories").at(cat.name).at("rate_per_household_year").fail(os.str());
    }
  }
}

// A recurring time: {"monthly"|"quarterly": {"day", "time"}} or {"weekly": {"weekday", "time"}}.
model::Schedule parse_schedule(const JsonReader& s) {
  s.object({"monthly", "weekly", "quarterly"});
  if (s.keys().size() != 1) s.fail("expected exactly one of monthly, weekly, quarterly");
  const std::string rule = s.keys().front();
  model::Schedule out;
  const JsonReader r = s.at(rule);
  out.time = parse_clock(r.at("time"));
  if (out.time >= 24) r.at("time").fail("expected a time of day before 24:00");
  if (rule == "weekly") {
    r.object({"weekday", "time"});
    out.rule = model::Schedule::Rule::kWeekly;
    const std::string w = r.at("weekday").string();
    out.weekday = -1;
    for (int i = 0; i < 7; ++i)
      if (w == kWeekdays[i]) out.weekday = i;
    if (out.weekday < 0) r.at("weekday").fail("expected a weekday (mon … sun), got '" + w + "'");
  } else {
    r.object({"day", "time"});
    out.rule = rule == "monthly" ? model::Schedule::Rule::kMonthly : model::Schedule::Rule::kQuarterly;
    out.day = static_cast<int>(r.at("day").integer(1, 31));
  }
  return out;
}

// Staff of `role` at `unit` or above it (at its grid's first unit, for a role drawn in grids):
// where World::pool_at_or_above finds a pool.
bool staffed_at_or_above(const Scenario& sc, graph::UnitId unit, model::RoleId role) {
  const model::RoleSpec& r = sc.roles[role];
  for (graph::UnitId a = unit; a != graph::kNoUnit; a = sc.org.parent(a)) {
    const graph::UnitId at = r.grids() && r.grid_of[a] != graph::kNoUnit ? r.grid_of[a] : a;
    for (const auto& [rid, n] : sc.org.unit(at).staff)
      if (rid == role && n > 0) return true;
  }
  return false;
}

// Every unit holding the meeting has staff of each participant role at it or above.
void check_participants_placed(const JsonReader& m, const Scenario& sc, const model::MeetingSpec& spec) {
  for (graph::UnitId u = 0; u < sc.org.size(); ++u) {
    if (sc.org.unit(u).level != spec.level) continue;
    for (const auto& part : spec.participants) {
      if (!staffed_at_or_above(sc, u, part.role))
        m.at("participants").at(sc.roles[part.role].name)
            .fail("expected staff of role '" + sc.roles[part.role].name + "' at or above every unit holding the meeting; '" +
                  sc.org.unit(u).name + "' has none");
    }
  }
}

// Issues found only by staff (visits, patrols, reception days, with no residents' report) must
// arise where staff of the role are at or above them: elsewhere they would never be found.
void check_finders_placed(const JsonReader& root, const Scenario& sc) {
  using Kind = model::DiscoveryChannel::Kind;
  for (const auto& cat : sc.categories)
    for (std::size_t i = 0; i < cat.discovery.size(); ++i) {
      const auto& ch = cat.discovery[i];
      if ((ch.kind != Kind::kVisit && ch.kind != Kind::kPatrol && ch.kind != Kind::kReception) || ch.delay || !(ch.share > 0))
        continue;
      for (graph::UnitId leaf : sc.org.leaves()) {
        if (sc.org.unit(leaf).households == 0 || staffed_at_or_above(sc, leaf, ch.role)) continue;
        root.at("demand").at("categories").at(cat.name).at("discovery").at(i).at("role")
            .fail("expected staff of role '" + sc.roles[ch.role].name + "' at or above every unit where issues arise, or a 'delay' for the "
                    "residents' own report; '" + sc.org.unit(leaf).name + "' has none, so its issues would never be found");
      }
    }
}

// The meeting types.
void parse_meetings(const JsonReader& root, Scenario& sc) {
  if (auto ms = root.find("meetings")) {
    for (const auto& name : ms->keys()) {
      const JsonReader m = ms->at(name);
      m.object({"level", "schedule", "agenda_cap", "duration_hours", "success", "participants", "preparation_hours",
                "quorum", "late_hours", "description"});
      model::MeetingSpec spec;
      spec.name = name;
      const auto lv = sc.find_level(m.at("level").string());
      if (!lv) m.at("level").fail("expected one of the levels listed in /levels, got '" + m.at("level").string() + "'");
      spec.level = *lv;
      const JsonReader s = m.at("schedule");
      s.object({"monthly", "weekly", "quarterly", "when_waiting"});
      if (s.keys().size() != 1) s.fail("expected exactly one of monthly, weekly, quarterly, when_waiting");
      if (auto w = s.find("when_waiting")) spec.when_waiting = static_cast<std::uint32_t>(w->integer(1, 1'000'000));
      else spec.schedule = parse_schedule(s);
      if (auto c = m.find("agenda_cap")) spec.agenda_cap = static_cast<std::uint32_t>(c->integer(1, 1'000'000));
      if (spec.when_waiting > 0 && spec.agenda_cap < spec.when_waiting)
        m.fail("expected agenda_cap >= when_waiting (a meeting called for N items must be able to take them)");
      if (auto d = m.find("duration_hours")) spec.duration_hours = d->number_in(0, 24 * 6);
      if (auto p = m.find("success")) spec.success = p->number_in(0, 1);
      if (auto ps = m.find("participants")) {
        for (const auto& role_name : ps->keys()) {
          const JsonReader seats = ps->at(role_name);
          const auto role = sc.find_role(role_name);
          if (!role) seats.fail("expected a role listed in /staff, got '" + role_name + "'");
          const model::RoleSpec& r = sc.roles[*role];
          if (!r.level || *r.level > spec.level)
            seats.fail("expected a role whose staff work at or above the meeting's level '" + sc.levels[spec.level].name +
                       "'; '" + role_name + "' works at " +
                       (r.level ? "'" + sc.levels[*r.level].name + "'" : std::string("no level")));
          spec.participants.push_back({*role, static_cast<std::uint32_t>(seats.integer(1, 1'000'000))});
        }
        if (spec.participants.empty()) ps->fail("expected at least one participant role (or no 'participants')");
      }
      const bool seated = !spec.participants.empty();
      for (const char* key : {"preparation_hours", "quorum", "late_hours"})
        if (!seated && m.has(key)) m.at(key).fail(std::string("expected '") + key + "' only with 'participants'");
      if (auto p = m.find("preparation_hours")) spec.preparation_hours = p->number_in(0, 24 * 30);
      if (auto q = m.find("quorum")) spec.quorum = q->number_in(0, 1);
      if (auto l = m.find("late_hours")) spec.late_hours = l->number_in(0, 24 * 365);
      check_participants_placed(m, sc, spec);
      sc.meetings.push_back(spec);
    }
  }
}

// The residents' evaluation of resolutions.
void parse_evaluation(const JsonReader& root, Scenario& sc) {
  if (auto ev = root.find("evaluation")) {
    ev->object({"base", "per_day", "per_level_up", "per_rework", "sd", "per_unheard", "description"});
    model::EvaluationSpec e;
    if (auto x = ev->find("base")) e.base = x->number_in(0, 1);
    if (auto x = ev->find("per_day")) e.per_day = x->number_in(-1, 1);
    if (auto x = ev->find("per_level_up")) e.per_level_up = x->number_in(-1, 1);
    if (auto x = ev->find("per_rework")) e.per_rework = x->number_in(-1, 1);
    if (auto x = ev->find("per_unheard")) e.per_unheard = x->number_in(-1, 1);
    if (auto x = ev->find("sd")) e.sd = x->number_in(0, 1);
    sc.evaluation = e;
  }
}

// Service-level clocks.
void parse_sla(const JsonReader& root, Scenario& sc) {
  if (auto sla = root.find("sla")) {
    sla->object({"limits_hours", "calendar", "warning_fraction", "description"});
    model::SlaSpec spec;
    const std::string cal = sla->string_or("calendar", "always");
    auto it = std::find_if(sc.calendars.begin(), sc.calendars.end(), [&](const auto& c) { return c.name == cal; });
    if (it == sc.calendars.end()) sla->at("calendar").fail("expected 'always' or a calendar from /calendars, got '" + cal + "'");
    spec.calendar = static_cast<std::size_t>(it - sc.calendars.begin());
    const JsonReader lim = sla->at("limits_hours");
    double fallback = 0;
    std::vector<std::optional<double>> by_cat;
    parse_per_category(lim, sc, fallback, by_cat, [](const JsonReader& x) { return x.positive(); },
                       lim.value().is_object());
    for (const auto& v : by_cat) spec.limit_hours.push_back(v ? *v : fallback);
    if (auto w = sla->find("warning_fraction")) {
      spec.warning_fraction = w->number_in(0, 1);
      if (spec.warning_fraction >= 1) w->fail("expected a share of the limit below 1 (0 for no warnings), got 1");
    }
    sc.sla = spec;
  }
}

// The policy, named (a study resolves it: plugin::resolve_policy).
void parse_policy(const JsonReader& root, Scenario& sc) {
  if (auto p = root.find("policy")) {
    p->object({"name", "params", "plugin"});
    sc.policy.name = p->at("name").string();
    if (auto lib = p->find("plugin")) {
      std::filesystem::path path = lib->string();
      if (path.is_relative()) path = std::filesystem::path(root.file()).parent_path() / path;
      sc.policy.plugin = path.string();
    }
    if (auto params = p->find("params")) {
      params->object();
      sc.policy.params = params->value();
    }
  }
}

}  // namespace

// Every category a summoning unit may call departments for has units to take it (with
// jurisdiction: its owners, else general units), and they have staff to handle it there, so a joint
// handling's parts always find a pool.
void check_summoned(const Scenario& sc, const std::vector<std::pair<graph::UnitId, std::string>>& summoning) {
  if (sc.org.link_count(graph::LinkKind::kSummons) == 0) return;
  const model::World w(sc);
  std::vector<graph::UnitId> takers;
  for (graph::UnitId u = 0; u < w.units; ++u) {
    const graph::UnitId* linked = w.summons.data() + w.summons_begin[u];
    const std::size_t n = w.summons_begin[u + 1] - w.summons_begin[u];
    if (n == 0) continue;
    // Where to point: the unit's first `summons` entry (or, for its staff, the list), else /org/links.
    const auto listed = std::find_if(summoning.begin(), summoning.end(), [&](const auto& s) { return s.first == u; });
    auto fail = [&](bool list, const std::string& expected) {
      if (listed == summoning.end()) throw ConfigError(sc.file, "/org/links", expected);
      throw ConfigError(sc.file, list ? listed->second.substr(0, listed->second.rfind('/')) : listed->second, expected);
    };
    for (model::CategoryId c = 0; c < sc.categories.size(); ++c) {
      takers.clear();
      sc.takers(linked, n, c, takers);
      if (takers.empty())
        fail(false, "expected the units summoned from '" + sc.org.unit(u).name + "' to take every category: none owns '" +
             sc.categories[c].name + "' and none is general (without 'owns')");
      if (listed == summoning.end()) continue;  // links from /org/links: a part without staff fails at run time, named
      for (graph::UnitId d : takers)
        if (w.handler[d * w.categories + c] == model::kNoRole)
          fail(true, "expected the units summoned from '" + sc.org.unit(u).name + "' to have staff for the categories they take: '" +
               sc.org.unit(d).name + "' has none that handles '" + sc.categories[c].name + "'");
    }
  }
}

Scenario load_scenario(const json& doc, const std::string& file) {
  const JsonReader root(doc, file);
  root.object({"schema_version", "name", "description", "sources", "start_date", "levels", "grassroots_level",
               "calendars", "org", "staff", "demand", "evaluation", "meetings", "sla", "policy", "run"});
  Scenario sc;
  sc.file = file;
  parse_header(root, sc);
  parse_levels(root.at("levels"), sc);
  parse_grassroots_level(root, sc);
  parse_calendars(root, sc);
  parse_demand(root.at("demand"), sc);
  parse_roles(root.at("staff"), sc);
  resolve_channel_roles(root, sc);
  std::vector<std::pair<graph::UnitId, std::string>> summoning;
  const auto overrides = parse_org(root, sc, summoning);
  place_staff(root, sc, overrides);
  check_finders_placed(root, sc);
  check_peak_rates(root, sc);
  check_visit_scale(root, sc);
  parse_meetings(root, sc);
  parse_evaluation(root, sc);
  parse_sla(root, sc);
  parse_policy(root, sc);
  if (auto run = root.find("run")) parse_run(*run, sc);
  check_summoned(sc, summoning);
  return sc;
}

Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides) {
  json doc = read_json_file(path);
  for (const auto& o : overrides) apply_override(doc, o, path);
  return load_scenario(doc, path);
}

std::vector<std::string> scenario_warnings(const model::Scenario& sc) {
  std::vector<std::string> out;
  if (!sc.has_time_use()) return out;
  const model::World world(sc);
  for (model::RoleId r = 0; r < sc.roles.size(); ++r) {
    const bool duties = sc.roles[r].duties.any();
    const auto& cal = sc.calendars[sc.roles[r].calendar];
    const double week = cal.calendar.weekly_hours();
    std::uint32_t worst = model::World::kNone;
    double worst_load = week;
    for (std::uint32_t p = 0; p < world.pools.size(); ++p) {
      if (world.pools[p].role != r || world.pools[p].servers == 0) continue;
      const double per_staff = world.duty_load(p).total() / world.pools[p].servers;
      if (per_staff > worst_load) {
        worst_load = per_staff;
        worst = p;
      }
    }
    if (worst == model::World::kNone) continue;
    const model::DutyLoad d = world.duty_load(worst);
    const double n = world.pools[worst].servers;
    char parts[256] = "", meetings[64] = "", buf[640];
    if (duties)
      std::snprintf(parts, sizeof parts, "visits %.1f, patrol %.1f, sittings %.1f, reporting on visits %.1f", d.visits / n,
                    d.patrol / n, d.sittings / n, d.reporting / n);
    if (d.meetings > 0) std::snprintf(meetings, sizeof meetings, "%smeetings %.1f", duties ? ", " : "", d.meetings / n);
    std::snprintf(buf, sizeof buf,
                  "%s take %.1f working hours a week per staff member at unit '%s' (%s%s) but calendar '%s' gives %.1f: %s",
                  duties ? "duties" : "scheduled meetings", worst_load, world.unit_name(world.pools[worst].unit).c_str(),
                  parts, meetings, cal.name.c_str(), week,
                  duties ? "they will fall behind and show as overdue" : "issues will wait on them and meetings start late");
    out.push_back(sc.file + ": /staff/" + json_path::pointer_token(sc.roles[r].name) + (duties ? "/duties" : "") + ": " + buf);
  }
  return out;
}

}  // namespace govsim::io

namespace govsim::model {
std::optional<CategoryId> Scenario::find_category(const std::string& n) const {
  for (std::size_t i = 0; i < categories.size(); ++i)
    if (categories[i].name == n) return static_cast<CategoryId>(i);
  return std::nullopt;
}
std::optional<RoleId> Scenario::find_role(const std::string& n) const {
  for (std::size_t i = 0; i < roles.size(); ++i)
    if (roles[i].name == n) return static_cast<RoleId>(i);
  return std::nullopt;
}
std::optional<int> Scenario::find_level(const std::string& n) const {
  for (std::size_t i = 0; i < levels.size(); ++i)
    if (levels[i].name == n) return static_cast<int>(i);
  return std::nullopt;
}
}  // namespace govsim::model
