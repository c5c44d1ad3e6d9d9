#!/usr/bin/env bash
# Runs a libFuzzer target: scripts/fuzz.sh RUNS [SECONDS] [JOBS]. FUZZ_TARGET=scenario (the default:
# the scenario loader and a short run) or targets (a targets file: govsim check's variants and a
# short calibrate). RUNS inputs at most (and SECONDS at most, default no limit), from the seed corpus
# (scenario: the shipped scenarios and tests/fuzz/regressions; targets: scenarios/targets and
# tests/fuzz/targets-seeds) plus what earlier runs found, kept in build-fuzz/corpus[-targets].
# Same seed (-seed=1) every time.
# A finding (crash, hang > 10 s, more than 2 GB, an oracle failure) is written to build-fuzz/findings/
# and makes this exit non-zero: copy it, with the fix, into tests/fuzz/regressions/ (scenario) or
# tests/fuzz/targets-seeds/ (targets), which make test replays.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:?usage: scripts/fuzz.sh RUNS [SECONDS] [JOBS]}
seconds=${2:-0}
jobs=${3:-1}
dir=${FUZZ_DIR:-build-fuzz}
target=${FUZZ_TARGET:-scenario}
case "$target" in
  scenario) binary=govsim_fuzz; dict=tests/fuzz/scenario.dict; seeds=(tests/fuzz/regressions scenarios scenarios/tests); suffix= ;;
  targets) binary=govsim_targets_fuzz; dict=tests/fuzz/targets.dict; seeds=(tests/fuzz/targets-seeds scenarios/targets); suffix=-targets ;;
  *) echo "FUZZ_TARGET: expected scenario or targets, got '$target'" >&2; exit 2 ;;
esac
# FUZZ_FRESH=1 (make test): start from the seeds alone, so the same inputs are tried on every machine.
corpus="$dir/corpus$suffix"
if [ "${FUZZ_FRESH:-0}" = 1 ]; then corpus="$dir/test-corpus$suffix"; rm -rf "$corpus"; fi
mkdir -p "$corpus" "$dir/findings"
export ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
args=(-runs="$runs" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -seed=1
      -dict="$dict" -artifact_prefix="$dir/findings/" -print_final_stats=1)
if [ "$jobs" -gt 1 ]; then args+=(-jobs="$jobs" -workers="$jobs" -runs="$((runs / jobs))"); fi
start=$(date +%s)
set +e
"$dir/tests/fuzz/$binary" "${args[@]}" "$corpus" "${seeds[@]}" 2>&1 |
  grep -E "^#[0-9]+ +(INITED|DONE)|stat::|ERROR|finding|SUMMARY|Done [0-9]+ runs"
status=${PIPESTATUS[0]}
set -e
echo "fuzz ($target): $runs inputs asked, $(( $(date +%s) - start )) s, exit $status, findings: $(ls "$dir/findings" | wc -l)"
exit "$status"
