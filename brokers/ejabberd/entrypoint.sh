#!/bin/bash
# Runs one ejabberd node whose only listener is mod_mqtt, on ports taken from the environment, so
# several containers can share the host network: a fixed Erlang distribution port on MQTT_HOST
# and no epmd. A fresh spool on every start. On SIGTERM the Erlang VM is told to stop (it shuts
# ejabberd down cleanly on SIGTERM) and the entrypoint waits for it.
set -euo pipefail

# Any arguments are a command to run instead (docker run IMAGE dpkg-query -W ejabberd).
if [ "$#" -gt 0 ]; then exec "$@"; fi

fail() { echo "ejabberd-entrypoint: $*" >&2; exit 64; }
is_port() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le 65535 ]; }

mqtt_port="${MQTT_PORT:-1883}"
host="${MQTT_HOST:-127.0.0.1}"
is_port "$mqtt_port" || fail "MQTT_PORT must be a port number, got '$mqtt_port'"
dist_port="${ERL_DIST_PORT:-$((mqtt_port + 1))}"
is_port "$dist_port" || fail "ERL_DIST_PORT must be a port number, got '$dist_port'"
session_expiry="${SESSION_EXPIRY_SECONDS:-3600}"
[[ "$session_expiry" =~ ^[0-9]+$ ]] || fail "SESSION_EXPIRY_SECONDS must be a whole number of seconds, got '$session_expiry'"
max_payload="${MQTT_MAX_PAYLOAD_SIZE:-131072}"
[[ "$max_payload" =~ ^[0-9]+$ ]] || fail "MQTT_MAX_PAYLOAD_SIZE must be a number of bytes, got '$max_payload'"
log_level="${EJABBERD_LOG_LEVEL:-info}"

home=/var/lib/ejabberd-conformance
rm -rf "${home:?}"/*
mkdir -p "$home/spool" "$home/logs"
sed -e "s/@MQTT_PORT@/$mqtt_port/g" -e "s/@MQTT_HOST@/$host/g" \
  -e "s/@SESSION_EXPIRY_SECONDS@/$session_expiry/g" -e "s/@MQTT_MAX_PAYLOAD_SIZE@/$max_payload/g" \
  -e "s/@EJABBERD_LOG_LEVEL@/$log_level/g" \
  /etc/ejabberd-conformance/ejabberd.yml.template >"$home/ejabberd.yml"
cat >"$home/ejabberdctl.cfg" <<CFG
ERLANG_NODE=ejabberd@localhost
INET_DIST_INTERFACE=$host
ERL_DIST_PORT=$dist_port
ERL_EPMD_ADDRESS=$host
CFG
# `foreground` also prints the log on stdout, where `docker logs` and readiness waits see it.
export HOME="$home"

# shellcheck disable=SC2317  # called from stop, through the trap
beam_pids() {
  local proc
  for proc in /proc/[0-9]*; do
    [ "$(cat "$proc/comm" 2>/dev/null)" = beam.smp ] && echo "${proc#/proc/}"
  done
  return 0
}

ctl_pid=""
# shellcheck disable=SC2317  # called through the trap
stop() {
  trap - TERM INT
  echo "ejabberd-entrypoint: stopping" >&2
  local pid
  for pid in $(beam_pids); do kill -TERM "$pid" 2>/dev/null || true; done
  [ -z "$ctl_pid" ] || wait "$ctl_pid" 2>/dev/null || true
  exit 0
}
trap stop TERM INT

/usr/sbin/ejabberdctl --config "$home/ejabberd.yml" --ctl-config "$home/ejabberdctl.cfg" \
  --spool "$home/spool" --logs "$home/logs" foreground &
ctl_pid=$!
status=0
wait "$ctl_pid" || status=$?
exit "$status"
