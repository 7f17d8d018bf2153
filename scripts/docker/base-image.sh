#!/usr/bin/env bash
# Builds the local Debian bookworm base image that broker Dockerfiles take as `--build-arg BASE=`.
#
# Machines without a container registry cannot pull debian:bookworm-slim. This makes an
# equivalent with debootstrap (minbase variant) from the Debian mirror this machine's apt already
# uses, read from its apt sources at run time so no mirror is ever written into the repo, and
# imports it with `docker import`. When the tag already exists it is reused at once.
# Users with a registry never need this: the Dockerfiles default to the official image.
#
# Usage: scripts/docker/base-image.sh            prints the image tag on stdout
# Environment:
#   BASE_IMAGE_TAG      tag to build or reuse       (default mqtt-conformance/bookworm-base:local)
#   BASE_IMAGE_REBUILD  1 to rebuild even if the tag exists
#   DEBIAN_MIRROR       mirror URI to use instead of the one in the apt sources
#   DEBIAN_SECURITY_MIRROR  security mirror URI    (default: from the apt sources, else none)
set -euo pipefail

tag="${BASE_IMAGE_TAG:-mqtt-conformance/bookworm-base:local}"
suite=bookworm

say() { printf 'base-image: %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }

if [ "${BASE_IMAGE_REBUILD:-0}" != 1 ] && docker image inspect "$tag" >/dev/null 2>&1; then
  say "reusing $tag"
  echo "$tag"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || fail "debootstrap needs root"

# Prints "URI SUITE..." for every deb source this machine's apt knows, one line each,
# from deb822 files (*.sources) and one-line files (sources.list, *.list).
apt_sources() {
  local file
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] || continue
    awk '
      function flush() { if (is_deb && !disabled && uris != "") { n = split(uris, u, " "); for (i = 1; i <= n; i++) print u[i], suites } is_deb = 0; disabled = 0; uris = ""; suites = "" }
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") is_deb = 1 }
      tolower($1) == "uris:" { $1 = ""; uris = $0 }
      tolower($1) == "suites:" { $1 = ""; suites = $0 }
      tolower($1) == "enabled:" && tolower($2) == "no" { disabled = 1 }
      END { flush() }
    ' "$file"
  done
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$file" ] || continue
    # deb [options] URI SUITE COMPONENTS...
    sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$file" | awk '$1 == "deb" { print $2, $3 }'
  done
}

sources="$(apt_sources)"
mirror="${DEBIAN_MIRROR:-$(awk '{ for (i = 2; i <= NF; i++) if ($i == "bookworm") { print $1; exit } }' <<<"$sources")}"
security="${DEBIAN_SECURITY_MIRROR:-$(awk '{ for (i = 2; i <= NF; i++) if ($i == "bookworm-security" || $i == "bookworm/updates") { print $1; exit } }' <<<"$sources")}"
[ -n "$mirror" ] || fail "no Debian mirror for '$suite' in /etc/apt/sources.list{,.d/}; set DEBIAN_MIRROR"
mirror="${mirror%/}"
security="${security%/}"

export DEBIAN_FRONTEND=noninteractive
if ! command -v debootstrap >/dev/null 2>&1; then
  say "installing debootstrap"
  apt-get update -qq || fail "apt-get update failed"
  apt-get install -y -qq --no-install-recommends debootstrap >/dev/null || fail "apt-get install debootstrap failed"
fi
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
if [ ! -f "$keyring" ]; then
  apt-get install -y -qq --no-install-recommends debian-archive-keyring >/dev/null || fail "no $keyring"
fi

work="$(mktemp -d /var/tmp/bookworm-base.XXXXXX)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
started=$SECONDS

include=""
case "$mirror" in https:*) include="--include=ca-certificates" ;; esac
say "debootstrap --variant=minbase $suite (this takes a minute or two)"
# shellcheck disable=SC2086
if ! debootstrap --variant=minbase --keyring="$keyring" $include "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
  tail -n 30 "$work/debootstrap.log" >&2
  [ -f "$rootfs/debootstrap/debootstrap.log" ] && tail -n 30 "$rootfs/debootstrap/debootstrap.log" >&2
  fail "debootstrap failed"
fi

# The image's apt uses the same mirror as this machine. The file lives only in the local image,
# built here at run time, never in the repo.
{
  printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: %s\n' \
    "$mirror" "$suite" "$suite" "$keyring"
  if [ -n "$security" ]; then
    printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: %s\n' \
      "$security" "$suite" "$keyring"
  fi
} >"$rootfs/etc/apt/sources.list.d/debian.sources"
: >"$rootfs/etc/apt/sources.list"

# What the official debian:*-slim images configure, so Dockerfiles behave the same on both.
cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'CONF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
Acquire::Languages "none";
Acquire::GzipIndexes "true";
APT::Install-Recommends "false";
CONF
# A mirror may serve a dated snapshot whose Release files are past their Valid-Until.
printf 'Acquire::Check-Valid-Until "false";\n' >"$rootfs/etc/apt/apt.conf.d/99snapshot-mirror"
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'CONF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
CONF
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
  "$rootfs"/var/log/* "$rootfs"/usr/share/doc/*/changelog* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
  "$rootfs"/usr/share/locale/*
: >"$rootfs/etc/hostname"
: >"$rootfs/etc/resolv.conf"

say "importing as $tag"
tar --numeric-owner -C "$rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["bash"]' \
  --message "debootstrap --variant=minbase $suite" \
  - "$tag" >/dev/null
say "built $tag in $((SECONDS - started))s ($(docker image inspect --format '{{.Size}}' "$tag" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
echo "$tag"
