#!/usr/bin/env bash
# Measures the broker matrix with its default concurrency (--jobs: brokers at once) against
# --jobs 1 (one broker after another), side by side on the same brokers and scenarios: the two
# alternate, ROUNDS times each, on images already built (a build that finds its cache costs about
# a second per broker). Every line gives the wall time, the scenarios run and the machine's
# one-minute load average when it started.
#
# Usage: scripts/bench/matrix.sh [rounds]          (default 1)
# Environment: BROKERS  comma-separated brokers (default: every broker whose image builds here)
#              WAYS     the --jobs values to compare (default "1 default")
#              PARALLEL --parallel for every way (default: the matrix's own)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-1}"
reports="$(mktemp -d /tmp/bench-matrix.XXXXXX)"
trap 'rm -rf "$reports"' EXIT
node scripts/build-package.mjs >/dev/null
options=()
[ -n "${BROKERS:-}" ] && options=(--brokers "$BROKERS")
[ -n "${PARALLEL:-}" ] && options+=(--parallel "$PARALLEL")

load() { cut -d' ' -f1 /proc/loadavg; }
seconds_since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }
scenarios() { node -e 'let n = 0; for (const run of require(process.argv[1])) n += run.scenarios.length; console.log(n)' "$1"; }
# scenarios that failed or were unsupported: the same in every way, or concurrency changed a verdict
not_passed() { node -e 'let n = 0; for (const run of require(process.argv[1])) n += run.scenarios.filter((s) => s.status === "failed" || s.status === "unsupported").length; console.log(n)' "$1"; }

printf '%-22s %6s %10s %11s %9s\n' "way" "round" "scenarios" "not passed" "wall (s)"
for round in $(seq 1 "$rounds"); do
  for jobs in ${WAYS:-1 default}; do
    jobs_option=()
    [ "$jobs" = default ] || jobs_option=(--jobs "$jobs")
    before="$(load)"
    started="$(date +%s.%N)"
    # the matrix exits 1 when verdicts differ from the expected ones: that is not this script's business
    node dist/cli/main.js matrix "${options[@]}" "${jobs_option[@]}" --reports "$reports/$jobs" >"$reports/$jobs.log" 2>&1 || true
    printf '%-22s %6s %10s %11s %9s   load %s   %s\n' "jobs $jobs" "$round" "$(scenarios "$reports/$jobs/matrix.json")" "$(not_passed "$reports/$jobs/matrix.json")" "$(seconds_since "$started")" "$before" \
      "$(grep -o 'time per broker: .*' "$reports/$jobs.log" || echo 'no timing line')"
  done
done
