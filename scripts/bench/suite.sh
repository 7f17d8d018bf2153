#!/usr/bin/env bash
# Measures `npm run suite` (both profiles in one pass, from the JavaScript build) against the two
# profiles run one after the other, side by side: the ways alternate, ROUNDS times each, on the
# embedded reference broker. Every line gives the wall time, the scenarios run and the machine's
# one-minute load average when it started (other work on the machine slows every way).
#
#   one pass, built               npm run suite: node dist/cli/main.js run --profile all
#   one after the other, built    node dist/cli/main.js run --profile aws-iot-core, then oasis
#   one after the other, sources  the same through tsx (bin/mqtt-conformance.js): the suite before
#
# Usage: scripts/bench/suite.sh [rounds]          (default 2)
# Environment: PARALLEL  scenarios at once per profile (default 2, as npm run suite)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-2}"
parallel="${PARALLEL:-2}"
reports="$(mktemp -d /tmp/bench-suite.XXXXXX)"
trap 'rm -rf "$reports"' EXIT
node scripts/build-package.mjs >/dev/null

load() { cut -d' ' -f1 /proc/loadavg; }
seconds_since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }
scenarios() { node -e 'let n = 0; for (const f of process.argv.slice(1)) { const r = require(f); for (const run of [].concat(r)) n += run.scenarios.length } console.log(n)' "$@"; }

one_pass_built() {
  node dist/cli/main.js run --profile all --parallel "$parallel" --reports "$reports/one" >/dev/null
  scenarios "$reports/one/results.json"
}
one_after_the_other() {
  "$@" run --profile aws-iot-core --parallel "$parallel" --reports "$reports/aws" >/dev/null
  "$@" run --profile oasis --parallel "$parallel" --reports "$reports/oasis" >/dev/null
  scenarios "$reports/aws/results.json" "$reports/oasis/results.json"
}
one_after_the_other_built() { one_after_the_other node dist/cli/main.js; }
one_after_the_other_sources() { one_after_the_other node bin/mqtt-conformance.js; }

printf '%-32s %6s %10s %9s\n' "way" "round" "scenarios" "wall (s)"
for round in $(seq 1 "$rounds"); do
  for way in one_after_the_other_sources one_after_the_other_built one_pass_built; do
    before="$(load)"
    started="$(date +%s.%N)"
    count="$("$way")"
    printf '%-32s %6s %10s %9s   load %s\n' "$(sed -e 's/_built$/, built/' -e 's/_sources$/, sources/' -e 's/_/ /g' <<<"$way")" "$round" "$count" "$(seconds_since "$started")" "$before"
  done
done
