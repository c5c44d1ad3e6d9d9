#!/usr/bin/env bash
# The staffing study of docs/staffing.md: every figure there comes from one of these commands.
# Usage: scripts/staffing_study.sh [OUT_DIR]   (default out/staffing-study; needs `make build`)
set -euo pipefail
cd "$(dirname "$0")/.."
GOVSIM=${GOVSIM:-build/bin/govsim}
OUT=${1:-out/staffing-study}
mkdir -p "$OUT"
run() {  # run NAME ARGS...: print the command, keep its output in $OUT/NAME.txt
  local name=$1; shift
  echo "== $name: govsim $*" | tee "$OUT/$name.txt"
  "$GOVSIM" "$@" 2>&1 | tee -a "$OUT/$name.txt"
  echo
}
COMPOUND='tiered:{"start_level": "compound"}'
HIGH=demand.categories.livelihood.rate_per_household_year=1.25   # 1.1 tickets a day per 300 households (FIELD-NOTES §4)
LOW=demand.categories.livelihood.rate_per_household_year=0.4     # 0.4 a day per 300 households

# Kenli on the whole job: grid workers pooled per community (so households per worker is a fine
# lever), their duties counted, targets on duty coverage, overdue duty work, utilisation and SLA.
POOLED=/staff/grid_worker/pooled_at=community
JOB=(--role grid_worker --policy tiered --set "$POOLED"
     --target "visit_coverage.grid_worker@community>=95%" --target "overdue_hours.grid_worker@community<=25"
     --target "utilisation.grid_worker@community<=85%" --target "sla_compliance>=95%"
     --min-households 150 --max-households 900)
run kenli-job-time run scenarios/kenli.json --set '/policy={"name": "tiered", "params": {"max_attempts_per_unit": 2, "assess_before_handling": true}}' --set "$POOLED" --reps 10
run kenli-job staff scenarios/kenli.json "${JOB[@]}" --curve 10 --out "$OUT/kenli-job"
# How the answer moves with the assumed visit interval and minutes (FIELD-NOTES §4 ranges).
for every in 30 60 90 180; do
  for minutes in 10 20 30; do
    run "kenli-job-every$every-min$minutes" staff scenarios/kenli.json "${JOB[@]}" --curve 0 \
        --set "/staff/grid_worker/duties/visits/every_days=$every" --set "/staff/grid_worker/duties/visits/minutes=$minutes"
  done
done

# Yangquan (rural) on the whole job: the group heads' monthly round of every household, drawn in
# grids across the township's house-site groups (so households per head is a fine lever), targets on
# the round's coverage, overdue work, utilisation, and the 90th percentile of time to resolve (the
# issues are found by the round, so a round that falls behind finds them late).
RURAL=(--role group_head --set /staff/group_head/pooled_at=township --set /staff/group_head/grid_households=40
       --target "visit_coverage.group_head@group>=95%" --target "overdue_hours.group_head@group<=25"
       --target "utilisation.group_head@group<=85%" --target "p90_time_to_resolve<=40d")
run yangquan-job-time run scenarios/yangquan.json --reps 10
run yangquan-job staff scenarios/yangquan.json "${RURAL[@]}" --min-households 40 --max-households 800 --curve 10 \
    --out "$OUT/yangquan-job"
# How the answer moves with the share phoned (the fitted 0.89, or Kenli's assumed 0.3) and the minutes at the door.
for absent in 0.3 0.6 0.89; do
  for minutes in 10 20 30; do
    run "yangquan-job-absent$absent-min$minutes" staff scenarios/yangquan.json "${RURAL[@]}" --curve 0 \
        --min-households 40 --max-households 800 \
        --set "/staff/group_head/duties/visits/absent_share=$absent" --set "/staff/group_head/duties/visits/minutes=$minutes"
  done
done
# A paid worker in office hours doing the same round: the rural form of "one per 300 households".
for absent in 0.3 0.89; do
  run "yangquan-job-paid-absent$absent" staff scenarios/yangquan.json "${RURAL[@]}" --curve 0 \
      --min-households 40 --max-households 1200 --set /staff/group_head/calendar=office \
      --set "/staff/group_head/duties/visits/absent_share=$absent"
done

# Kenli: where the time goes, then grid workers at the reported demand and at hotline-level demand.
run kenli-analyze analyze scenarios/kenli.json --policy tiered
run kenli-grid-reported staff scenarios/kenli.json --role grid_worker --policy "$COMPOUND" \
    --target "sla_compliance>=95%" --target "p90_time_to_resolve<=7d" --out "$OUT/kenli-grid-reported"
run kenli-grid-low staff scenarios/kenli.json --role grid_worker --policy "$COMPOUND" --set "$LOW" \
    --target "sla_compliance>=90%" --target "p90_time_to_resolve<=7d" --out "$OUT/kenli-grid-low"
run kenli-grid-high staff scenarios/kenli.json --role grid_worker --policy "$COMPOUND" --set "$HIGH" \
    --target "sla_compliance>=90%" --target "p90_time_to_resolve<=7d" --out "$OUT/kenli-grid-high"
run kenli-analyze-high analyze scenarios/kenli.json --policy "$COMPOUND" --set "$HIGH"
# Each policy at the high demand, the same targets.
for p in sla_escalation closed_loop whistle volunteer_dispatch deliberation_day; do
  run "kenli-grid-high-$p" staff scenarios/kenli.json --role grid_worker --policy "$p:{\"start_level\": \"compound\"}" \
      --set "$HIGH" --target "sla_compliance>=90%" --target "p90_time_to_resolve<=7d" --curve 0 --out "$OUT/kenli-grid-high-$p"
done
# Mediators (disputes) and volunteers.
run kenli-mediator staff scenarios/kenli.json --role mediator --policy "$COMPOUND" \
    --target "sla_compliance>=95%" --target "mean_wait_hours.compound<=4h" --out "$OUT/kenli-mediator"
run kenli-volunteer staff scenarios/kenli.json --role volunteer --policy volunteer_dispatch \
    --target "taken_by_volunteers>=40" --target "p90_time_to_resolve<=4d" --out "$OUT/kenli-volunteer"

# Wuxue: the compound's paid worker (the branch secretary where there is no red steward).
run wuxue-analyze analyze scenarios/wuxue.json
run wuxue-secretary-reported staff scenarios/wuxue.json --role branch_secretary \
    --target "p90_time_to_resolve<=3d" --target "mean_time_to_resolve<=2d" --out "$OUT/wuxue-secretary-reported"
run wuxue-secretary-high staff scenarios/wuxue.json --role branch_secretary --set demand.categories.item.rate_per_household_year=1.3 \
    --target "p90_time_to_resolve<=3d" --target "mean_time_to_resolve<=2d" --out "$OUT/wuxue-secretary-high"
run wuxue-community staff scenarios/wuxue.json --role community_worker --target "p90_time_to_resolve<=3d" --curve 4
# The reception days' schedule, not the staffing, sets Wuxue's tail: monthly (as modelled) against weekly.
run wuxue-reception-monthly run scenarios/wuxue.json
run wuxue-reception-weekly run scenarios/wuxue.json \
    --set '/staff/property_manager/duties/sittings/reception_day/schedule={"weekly": {"weekday": "sat", "time": "09:00"}}'
