#!/bin/bash
# Runs one RabbitMQ node with only its MQTT listener, on ports taken from the environment, so
# several containers can share the host network: its own HOME and Erlang cookie, its own epmd
# bound to MQTT_HOST, a fixed distribution port, and no AMQP listener.
# On SIGTERM it stops the node (the Erlang VM shuts RabbitMQ down cleanly on SIGTERM), then the
# epmd it started.
set -euo pipefail

# Any arguments are a command to run instead (docker run IMAGE dpkg-query -W rabbitmq-server).
if [ "$#" -gt 0 ]; then exec "$@"; fi

fail() { echo "rabbitmq-entrypoint: $*" >&2; exit 64; }
is_port() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le 65535 ]; }

mqtt_port="${MQTT_PORT:-1883}"
host="${MQTT_HOST:-127.0.0.1}"
is_port "$mqtt_port" || fail "MQTT_PORT must be a port number, got '$mqtt_port'"
export RABBITMQ_DIST_PORT="${RABBITMQ_DIST_PORT:-$((mqtt_port + 1))}"
export ERL_EPMD_PORT="${ERL_EPMD_PORT:-$((mqtt_port + 2))}"
is_port "$RABBITMQ_DIST_PORT" || fail "RABBITMQ_DIST_PORT must be a port number, got '$RABBITMQ_DIST_PORT'"
is_port "$ERL_EPMD_PORT" || fail "ERL_EPMD_PORT must be a port number, got '$ERL_EPMD_PORT'"
session_expiry="${SESSION_EXPIRY_SECONDS:-3600}"

# RABBITMQ_SETTINGS (settings.mustache): "name value" lines; a line without a value is a setting
# the scenario did not ask for.
login_timeout=""
max_queued_messages=""
max_connections=""
while read -r name value; do
  [ -n "$name" ] && [ -n "$value" ] || continue
  [[ "$value" =~ ^[0-9]+$ ]] || fail "the value of $name must be a whole number, got '$value'"
  case "$name" in
    login_timeout_ms) login_timeout="$value" ;;
    session_expiry_seconds) session_expiry="$value" ;;
    max_queued_messages) max_queued_messages="$value" ;;
    max_connections) max_connections="$value" ;;
    *) fail "unknown setting in RABBITMQ_SETTINGS: $name" ;;
  esac
done <<<"${RABBITMQ_SETTINGS:-}"

if ! [[ "$session_expiry" =~ ^[0-9]+$ ]] || [ "$session_expiry" -lt 1 ]; then
  fail "SESSION_EXPIRY_SECONDS must be a whole number of seconds >= 1, got '$session_expiry'"
fi
# Clients without credentials act as the default user, unless the suite gave accounts.
allow_anonymous=true
if [ -n "${RABBITMQ_ACCOUNTS:-}" ]; then allow_anonymous=false; fi
# "{127,0,0,1}" for inet_dist_use_interface
erl_address="{${host//./,}}"

home=/var/lib/rabbitmq-conformance
rm -rf "$home"
mkdir -p "$home/mnesia" "$home/log"
cat >"$home/rabbitmq.conf" <<CONF
# Written by rabbitmq-entrypoint at start.
listeners.tcp = none
loopback_users = none
mqtt.listeners.tcp.default = ${host}:${mqtt_port}
# Clients may connect without credentials (they then act as this user) or with them.
default_user = ${MQTT_USERNAME:-u}
default_pass = ${MQTT_PASSWORD:-p}
mqtt.allow_anonymous = ${allow_anonymous}
mqtt.default_user = ${MQTT_USERNAME:-u}
mqtt.default_pass = ${MQTT_PASSWORD:-p}
# How long the queue of a disconnected persistent (clean session = 0) client lives.
mqtt.subscription_ttl = $((session_expiry * 1000))
# The log goes to stdout only, one line per event, without colours.
log.console = true
log.console.level = ${RABBITMQ_LOG_LEVEL:-info}
log.console.use_colors = off
log.console.formatter.single_line = on
log.file = false
CONF
# Accounts (RABBITMQ_ACCOUNTS, accounts.mustache), a stored-message limit and a connection limit
# are definitions imported at boot; with accounts, clients without one are refused.
if [ -n "${RABBITMQ_ACCOUNTS:-}" ] || [ -n "$max_queued_messages" ] || [ -n "$max_connections" ]; then
  RABBITMQ_ACCOUNTS="${RABBITMQ_ACCOUNTS:-}" DEFAULT_USER="${MQTT_USERNAME:-u}" DEFAULT_PASS="${MQTT_PASSWORD:-p}" \
    MAX_QUEUED_MESSAGES="$max_queued_messages" MAX_CONNECTIONS="$max_connections" \
    /usr/local/bin/rabbitmq-definitions >"$home/definitions.json"
  echo "load_definitions = $home/definitions.json" >>"$home/rabbitmq.conf"
fi
if [ -n "$login_timeout" ]; then echo "mqtt.login_timeout = $login_timeout" >>"$home/rabbitmq.conf"; fi
echo '[rabbitmq_mqtt].' >"$home/enabled_plugins"

export HOME="$home"
export RABBITMQ_NODENAME=rabbit@localhost
export RABBITMQ_CONFIG_FILE="$home/rabbitmq.conf"
export RABBITMQ_ENABLED_PLUGINS_FILE="$home/enabled_plugins"
export RABBITMQ_MNESIA_BASE="$home/mnesia"
export RABBITMQ_LOG_BASE="$home/log"
export ERL_EPMD_ADDRESS="$host"
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface ${erl_address}"

# Our own epmd, in the foreground of its own process, so we know its PID to end it.
epmd -port "$ERL_EPMD_PORT" -address "$host" &
epmd_pid=$!

node_pid=""
# shellcheck disable=SC2317  # called through the trap
stop() {
  trap - TERM INT
  echo "rabbitmq-entrypoint: stopping" >&2
  if [ -n "$node_pid" ]; then
    kill -TERM "$node_pid" 2>/dev/null || true
    wait "$node_pid" 2>/dev/null || true
  fi
  kill -TERM "$epmd_pid" 2>/dev/null || true
  wait "$epmd_pid" 2>/dev/null || true
  exit 0
}
trap stop TERM INT

/usr/lib/rabbitmq/bin/rabbitmq-server &
node_pid=$!
status=0
wait "$node_pid" || status=$?
# The node ended by itself (not through SIGTERM to us): end epmd too and report its status.
node_pid=""
kill -TERM "$epmd_pid" 2>/dev/null || true
exit "$status"
