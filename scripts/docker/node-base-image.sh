#!/usr/bin/env bash
# Builds a local Node base image (the equivalent of node:<version>-bookworm-slim) from this
# machine's own `node` and `npm`, on top of the local Debian base from base-image.sh.
#
# Debian bookworm packages Node 18; aedes 1.x and this project need Node >= 20, and no registry
# is reachable to pull the official node image. This machine's node is a dynamically linked
# glibc build whose libraries (libstdc++, libgcc_s) the Debian base already has, so the binary
# and npm's own folder are all that is copied, laid out as in the official image (/usr/local).
# The image also trusts what this machine trusts (its CA bundle, through NODE_EXTRA_CA_CERTS), so
# `npm ci` inside `docker build --network host` reaches the registry the way the host's npm does,
# also behind a TLS-inspecting proxy. Reused at once when the tag exists with the same node version.
#
# Usage: scripts/docker/node-base-image.sh       prints the image tag on stdout
# Environment:
#   NODE_BASE_IMAGE_TAG      tag to build or reuse   (default mqtt-conformance/node-base:local)
#   NODE_BASE_IMAGE_REBUILD  1 to rebuild even if the tag exists
#   NODE_BASE_CA_BUNDLE      CA bundle to trust     (default /etc/ssl/certs/ca-certificates.crt)
#   BASE_IMAGE_TAG           the Debian base to start from (see base-image.sh)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tag="${NODE_BASE_IMAGE_TAG:-mqtt-conformance/node-base:local}"

say() { printf 'node-base-image: %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }

node_bin="$(command -v node || true)"
[ -n "$node_bin" ] || fail "no node on PATH to copy into the image"
node_bin="$(readlink -f "$node_bin")"
node_version="$("$node_bin" --version)"
npm_dir="$(dirname "$node_bin")/../lib/node_modules/npm"
[ -f "$npm_dir/bin/npm-cli.js" ] || npm_dir="$(npm root -g 2>/dev/null)/npm"
[ -f "$npm_dir/bin/npm-cli.js" ] || fail "cannot find npm's folder next to $node_bin"
npm_dir="$(readlink -f "$npm_dir")"

if [ "${NODE_BASE_IMAGE_REBUILD:-0}" != 1 ] \
  && [ "$(docker image inspect --format '{{ index .Config.Labels "org.nodejs.version" }}' "$tag" 2>/dev/null)" = "$node_version" ]; then
  say "reusing $tag ($node_version)"
  echo "$tag"
  exit 0
fi

debian_base="$("$here/base-image.sh")"
started=$SECONDS
context="$(mktemp -d /var/tmp/node-base.XXXXXX)"
trap 'rm -rf "$context" "$context.log"' EXIT
mkdir -p "$context/lib/node_modules"
cp "$node_bin" "$context/node"
cp -a "$npm_dir" "$context/lib/node_modules/npm"
ca_bundle="${NODE_BASE_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
if [ -f "$ca_bundle" ]; then cp "$ca_bundle" "$context/host-ca-certificates.crt"; else : >"$context/host-ca-certificates.crt"; fi
cat >"$context/Dockerfile" <<'DOCKERFILE'
ARG BASE
FROM ${BASE}
ARG NODE_VERSION
LABEL org.nodejs.version=${NODE_VERSION}
COPY node /usr/local/bin/node
COPY lib/node_modules/npm /usr/local/lib/node_modules/npm
COPY host-ca-certificates.crt /usr/local/share/ca-certificates/host-ca-certificates.crt
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/host-ca-certificates.crt \
    NPM_CONFIG_UPDATE_NOTIFIER=false
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
CMD ["node"]
DOCKERFILE
say "building $tag from $node_bin ($node_version)"
if ! docker build --network host --build-arg BASE="$debian_base" --build-arg NODE_VERSION="$node_version" \
  -t "$tag" "$context" >"$context.log" 2>&1; then
  tail -n 30 "$context.log" >&2
  fail "docker build failed"
fi
say "built $tag in $((SECONDS - started))s"
echo "$tag"
