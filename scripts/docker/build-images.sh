#!/usr/bin/env bash
# Builds the container images of the real brokers under test, tagged mqtt-conformance/<name>:local.
#
# On machines without a registry (the default here) it first makes sure the engine runs
# (start-dockerd.sh) and builds the local base images (base-image.sh, node-base-image.sh), then
# passes the right one as BASE to each broker's Dockerfile: a Dockerfile whose `ARG BASE=`
# default is a node image gets the local Node base, any other the local Debian base. With
# USE_LOCAL_BASE=0 the Dockerfiles' own defaults (official images) are used, for machines with a
# registry. Builds use host networking, so apt and npm inside them reach what the host reaches.
# Docker's layer cache makes a rebuild with nothing changed take about a second per image.
#
# Usage: scripts/docker/build-images.sh [broker...]   (default: reference mosquitto rabbitmq ejabberd aedes)
# Environment:
#   USE_LOCAL_BASE  1 (default) to build and use the local base images, 0 to use the defaults
#   IMAGE_PREFIX    tag prefix (default mqtt-conformance/); tags are <prefix><name>:local
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
prefix="${IMAGE_PREFIX:-mqtt-conformance/}"
brokers=("$@")
[ "${#brokers[@]}" -gt 0 ] || brokers=(reference mosquitto rabbitmq ejabberd aedes)

say() { printf 'build-images: %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }

for name in "${brokers[@]}"; do
  [ -f "$repo/brokers/$name/Dockerfile" ] || fail "no brokers/$name/Dockerfile"
done

"$here/start-dockerd.sh"

debian_base="" node_base=""
if [ "${USE_LOCAL_BASE:-1}" = 1 ]; then
  started=$SECONDS
  debian_base="$("$here/base-image.sh")"
  for name in "${brokers[@]}"; do
    if grep -q -E '^ARG BASE=node:' "$repo/brokers/$name/Dockerfile"; then
      node_base="$("$here/node-base-image.sh")"
      break
    fi
  done
  say "base images ready in $((SECONDS - started))s"
fi

log="$(mktemp /tmp/build-images.XXXXXX.log)"
trap 'rm -f "$log"' EXIT
summary=()
for name in "${brokers[@]}"; do
  dockerfile="$repo/brokers/$name/Dockerfile"
  tag="${prefix}${name}:local"
  build_args=()
  if [ -n "$debian_base" ]; then
    if grep -q -E '^ARG BASE=node:' "$dockerfile"; then
      build_args=(--build-arg "BASE=$node_base")
    else
      build_args=(--build-arg "BASE=$debian_base")
    fi
  fi
  say "building $tag"
  started="$(date +%s.%N)"
  # a broker built from this repository's sources prepares its build context first
  if [ -x "$repo/brokers/$name/prepare-image.sh" ]; then
    "$repo/brokers/$name/prepare-image.sh" || fail "preparing the build context of $name failed"
  fi
  if ! docker build --network host "${build_args[@]}" -t "$tag" "$repo/brokers/$name" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    fail "building $tag failed"
  fi
  seconds="$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')"
  size="$(docker image inspect --format '{{.Size}}' "$tag" | awk '{ printf "%.0f MB", $1 / 1e6 }')"
  summary+=("$(printf '%-40s %6ss %8s' "$tag" "$seconds" "$size")")
done
printf '%s\n' "${summary[@]}"
