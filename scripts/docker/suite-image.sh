#!/usr/bin/env bash
# Builds the container image of the suite itself, mqtt-conformance/suite:local, from this
# repository's npm package: `npm pack` (which builds dist/), then the tarball installed with its
# runtime dependencies into the build context on this machine (from npm's cache where it can),
# then `docker build --network host` on the local Node base image (node-base-image.sh) when no
# registry is reachable, as the broker images are built. Prints the tag on stdout.
#
# Usage: scripts/docker/suite-image.sh
# Environment:
#   SUITE_IMAGE_TAG  tag to build              (default mqtt-conformance/suite:local)
#   USE_LOCAL_BASE   1 (default) to build on the local Node base, 0 for the Dockerfile's default
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
tag="${SUITE_IMAGE_TAG:-mqtt-conformance/suite:local}"

say() { printf 'suite-image: %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }

"$here/start-dockerd.sh"
build_args=()
if [ "${USE_LOCAL_BASE:-1}" = 1 ]; then
  build_args=(--build-arg "BASE=$("$here/node-base-image.sh")")
fi

started=$SECONDS
context="$(mktemp -d /var/tmp/suite-image.XXXXXX)"
trap 'rm -rf "$context"' EXIT
cp "$here/suite/Dockerfile" "$context/Dockerfile"
say "packing the npm package"
tarball="$(cd "$repo" && npm pack --silent --pack-destination "$context" | tail -n 1)"
[ -f "$context/$tarball" ] || fail "npm pack made no tarball"
say "installing $tarball with its runtime dependencies into the build context"
mkdir -p "$context/app"
(cd "$context/app" && npm install --omit=dev --no-audit --no-fund --loglevel=error "$context/$tarball" >/dev/null) \
  || fail "npm install of $tarball failed"
rm -f "$context/$tarball"
say "building $tag"
if ! docker build --network host "${build_args[@]}" -t "$tag" "$context" >"$context.log" 2>&1; then
  tail -n 30 "$context.log" >&2
  rm -f "$context.log"
  fail "docker build failed"
fi
rm -f "$context.log"
say "built $tag in $((SECONDS - started))s ($(docker image inspect --format '{{.Size}}' "$tag" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
echo "$tag"
