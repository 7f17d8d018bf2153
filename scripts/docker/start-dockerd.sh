#!/usr/bin/env bash
# Makes sure a Docker engine answers on this machine, for the container targets.
#
# The development machines and CI have the docker CLI but no running engine and no registry:
# this installs Debian's docker.io when dockerd is missing, starts dockerd in the background
# when `docker info` does not answer, and waits (bounded) until it does. Safe to run again:
# an engine that already answers is left alone. Needs root for the install and the start.
#
# Environment:
#   DOCKERD_LOG           where dockerd writes its log   (default /var/log/dockerd.log)
#   DOCKERD_WAIT_SECONDS  how long to wait for it        (default 60)
#   DOCKERD_EXTRA_ARGS    extra dockerd arguments        (default none)
set -euo pipefail

log_file="${DOCKERD_LOG:-/var/log/dockerd.log}"
wait_seconds="${DOCKERD_WAIT_SECONDS:-60}"

say() { printf 'start-dockerd: %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }

engine_answers() { docker info >/dev/null 2>&1; }

if engine_answers; then
  say "engine already answering"
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] || fail "dockerd is missing and installing docker.io needs root"
  say "installing Debian's docker.io"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update failed"
  apt-get install -y -qq --no-install-recommends docker.io >/dev/null \
    || fail "apt-get install docker.io failed"
  command -v dockerd >/dev/null 2>&1 || fail "docker.io installed but dockerd is still not on PATH"
fi
if ! command -v docker >/dev/null 2>&1; then
  fail "the docker CLI is not on PATH (Debian's docker.io ships it as /usr/bin/docker)"
fi

[ "$(id -u)" -eq 0 ] || fail "dockerd is not answering and starting it needs root"

# The PID of a dockerd already running, from the PID file it writes (no procps needed).
running_dockerd() {
  local pid
  pid="$(cat /var/run/docker.pid 2>/dev/null || true)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] && echo "$pid"
}

dockerd_pid="$(running_dockerd || true)"
if [ -z "$dockerd_pid" ]; then
  mkdir -p "$(dirname "$log_file")"
  say "starting dockerd (log: $log_file)"
  # setsid: the engine must outlive this script and the shell that ran it.
  # shellcheck disable=SC2086
  setsid dockerd ${DOCKERD_EXTRA_ARGS:-} >>"$log_file" 2>&1 </dev/null &
  dockerd_pid=$!
else
  say "dockerd (pid $dockerd_pid) is running but not answering yet; waiting for it"
fi

deadline=$((SECONDS + wait_seconds))
until engine_answers; do
  if ! kill -0 "$dockerd_pid" 2>/dev/null; then
    say "dockerd exited; last lines of $log_file:"
    tail -n 20 "$log_file" >&2 || true
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    say "dockerd did not answer within ${wait_seconds}s; last lines of $log_file:"
    tail -n 20 "$log_file" >&2 || true
    exit 1
  fi
  sleep 0.5
done
say "engine answering ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
