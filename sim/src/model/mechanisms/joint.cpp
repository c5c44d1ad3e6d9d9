#include "model/mechanisms/joint.hpp"

#include <algorithm>
#include <string>

#include "govsim/error.hpp"

namespace govsim::model {
namespace {
constexpr std::uint32_t kMaxDepartments = 1000;  // parts of one joint handling
}  // namespace

JointHandling::JointHandling(const Env& env, StaffPools& pools) : env_(env), pools_(pools) {
  done_ = env.sim.add_handler<&JointHandling::on_part_done>(this);
  pools.set_item_client(this);
}

void JointHandling::carry_out(std::uint32_t slot, const plugin::Action& action, const Decision&) {
  Issue& is = env_.issues[slot];
  const World& w = env_.world;
  const UnitId unit = is.v.unit;
  const std::uint32_t n = action.departments();
  const std::uint32_t linked = w.summons_begin[unit + 1] - w.summons_begin[unit];
  if (n == 0 || n > kMaxDepartments)
    throw ModelError("the policy summoned " + std::to_string(n) + " departments; expected 1 to " + std::to_string(kMaxDepartments));
  if (action.quorum() > n)
    throw ModelError("the policy asked a quorum of " + std::to_string(action.quorum()) + " reports from " + std::to_string(n) +
                     " departments; expected 0 (all) to " + std::to_string(n));
  if (linked == 0)
    throw ModelError("the policy summoned departments from unit '" + w.unit_name(unit) + "', which has no summons links");
  // Which linked units take part: those whose jurisdiction takes the category (its owners, else
  // the general units), in a random order from the issue's own stream.
  pick_.clear();
  env_.sc.takers(&w.summons[w.summons_begin[unit]], linked, is.v.category, pick_);
  const auto takers = static_cast<std::uint32_t>(pick_.size());
  if (takers == 0)
    throw ModelError("the policy summoned departments from unit '" + w.unit_name(unit) + "', none of whose summoned units takes category '" +
                     env_.sc.categories[is.v.category].name + "'");
  auto g = env_.streams.keyed(Purpose::kSummons, is.v.id, static_cast<std::uint64_t>(is.v.attempts));
  for (std::uint32_t i = 0; i + 1 < takers && i < n; ++i) {
    const auto j = i + static_cast<std::uint32_t>(core::uniform01(g) * (takers - i));
    std::swap(pick_[i], pick_[std::min(j, takers - 1)]);
  }
  part_pools_.clear();
  for (std::uint32_t k = 0; k < n; ++k) {
    const UnitId d = pick_[k % takers];
    const RoleId role = action.role != kNoRole ? action.role : w.handler[d * w.categories + is.v.category];
    const std::uint32_t p = role == kNoRole ? World::kNone : w.find_pool(d, role);
    if (p == World::kNone)
      throw ModelError("the policy summoned unit '" + w.unit_name(d) + "', which has no staff to handle " +
                       (action.role != kNoRole ? "as role '" + env_.sc.roles[action.role].name + "'"
                                               : "category '" + env_.sc.categories[is.v.category].name + "'"));
    part_pools_.push_back(p);
  }
  const double now = env_.now();
  is.v.in_service = true;
  is.enqueued = now;
  env_.rec.visit(is, env_.meeting_column(), now);
  env_.rec.attempt_started(is, env_.meeting_column(), now);
  if (++serial_ == 0) ++serial_;  // 0 marks no joint handling
  joint_[slot] = Joint{0, action.quorum() == 0 ? n : action.quorum(), n, serial_, 0.0, true, true};
  env_.rec.joint_handling(is, n);
  for (std::uint32_t k = 0; k < n; ++k) {
    std::uint32_t part;
    if (!free_parts_.empty()) {
      part = free_parts_.back();
      free_parts_.pop_back();
    } else {
      part = static_cast<std::uint32_t>(parts_.size());
      parts_.emplace_back();
    }
    parts_[part] = Part{slot, serial_, is.v.id, part_key(is, k), is.v.category, 0.0};
    const std::uint32_t p = part_pools_[k];
    if (pools_.free_now(p)) take_up(part, p);
    else pools_.enqueue_item(part, p);
  }
}

void JointHandling::take_up(std::uint32_t part, std::uint32_t pool) {
  Part& pt = parts_[part];
  const PoolSpec& spec = env_.world.pools[pool];
  const double now = env_.now();
  pools_.seize(pool);
  auto g = env_.streams.keyed(Purpose::kService, pt.id, pt.key);
  pt.service = draw_service(env_.world, spec.role, pt.category, g);
  const double done = spec.calendar->add_working_hours(now, pt.service);
  env_.rec.busy(spec, now, done);
  env_.sim.schedule(done, order::kRelease, done_, part, pool);
}

void JointHandling::on_part_done(const core::Event& e) {
  const std::uint32_t part = e.a, pool = e.b;
  const Part pt = parts_[part];
  pools_.vacate(pool);
  free_parts_.push_back(part);
  Joint& j = joint_[pt.issue];
  if (j.serial != pt.serial) {  // its joint handling ended at a quorum: the report is not waited for
    pools_.start_waiting(pool);
    return;
  }
  env_.issues.focus(pt.issue);
  Issue& is = env_.issues[pt.issue];
  const PoolSpec& spec = env_.world.pools[pool];
  const bool within = is.severity <= env_.world.authority[spec.unit];
  bool success = false;
  if (within) {
    const double ps = env_.sc.roles[spec.role].success_for(is.v.category);
    auto g = env_.streams.keyed(Purpose::kOutcome, pt.id, pt.key);
    success = ps >= 1 || core::uniform01(g) < ps;
  }
  j.within = j.within && within;
  j.success = j.success && success;
  j.service = std::max(j.service, pt.service);
  pools_.start_waiting(pool);  // the queue, or a sitting's or meeting's claim
  if (++j.reported < j.needed) return;
  j.serial = 0;  // closed: later reports are ignored
  is.v.in_service = false;
  plugin::AttemptResult r;
  r.success = j.success;
  r.within_authority = j.within;
  r.departments = j.total;
  r.service_hours = j.service;
  is.last_success = r.success;
  is.last_by_meeting = false;  // departments in turn, not the parties at one table
  env_.router.attempt_finished(pt.issue, r);
}

}  // namespace govsim::model
