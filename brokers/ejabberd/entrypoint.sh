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

# EJABBERD_SETTINGS (settings.mustache): "name value" lines; a line without a value is a setting
# the scenario did not ask for.
mod_mqtt_options=""
mqtt3_session_expiry=""
max_session_expiry=""
while read -r name value; do
  [ -n "$name" ] && [ -n "$value" ] || continue
  [[ "$value" =~ ^[0-9]+$ ]] || fail "the value of $name must be a whole number, got '$value'"
  case "$name" in
    max_topic_aliases) mod_mqtt_options+="    $name: $value"$'\n' ;;
    # an offline session holds one message in flight and max_queue behind it
    max_queued_messages)
      ((value >= 2)) || fail "ejabberd stores at least 2 messages for an offline session (max_queue 1), not $value"
      mod_mqtt_options+="    max_queue: $((value - 1))"$'\n' ;;
    # mod_mqtt refuses a filter once it has seen max_topic_depth slashes and more follows
    max_topic_slashes) mod_mqtt_options+="    max_topic_depth: $((value + 1))"$'\n' ;;
    mqtt3_session_expiry) mqtt3_session_expiry="$value" ;;
    max_session_expiry) max_session_expiry="$value" ;;
    *) fail "unknown setting in EJABBERD_SETTINGS: $name" ;;
  esac
done <<<"${EJABBERD_SETTINGS:-}"
# One option ends a disconnected MQTT 3.1.1 session and caps an MQTT 5 one.
if [ -n "$mqtt3_session_expiry" ] && [ -n "$max_session_expiry" ] && [ "$mqtt3_session_expiry" != "$max_session_expiry" ]; then
  fail "ejabberd has one session_expiry for MQTT 3.1.1 sessions and the MQTT 5 maximum: $mqtt3_session_expiry s and $max_session_expiry s cannot both be set"
fi
session_expiry="${mqtt3_session_expiry:-${max_session_expiry:-$session_expiry}}"

home=/var/lib/ejabberd-conformance
rm -rf "${home:?}"/*
mkdir -p "$home/spool" "$home/logs"

# EJABBERD_ACCOUNTS (accounts.mustache): "user:password" lines; with them only these log in.
auth_method=anonymous
top_level_options=""
if [ -n "${EJABBERD_ACCOUNTS:-}" ]; then
  (umask 077 && printf '%s\n' "$EJABBERD_ACCOUNTS" >"$home/accounts")
  auth_method=external
  top_level_options+='extauth_program: "/usr/local/bin/ejabberd-accounts"'$'\n'
fi

# EJABBERD_ACCESS (access.mustache): a "user" line, then its "publish" and "subscribe" filters,
# grouped by filter into access rules (each filter once: a repeated key would keep only its last
# value).
if [ -n "${EJABBERD_ACCESS:-}" ]; then
  mod_mqtt_options+="$(printf '%s\n' "$EJABBERD_ACCESS" | perl -ne '
    chomp;
    if (/^user (.+)$/) { $user = $1; next }
    next unless defined $user && /^(publish|subscribe) (.+)$/;
    push @{ $filters{$1} }, $2 unless $users{$1}{$2};
    push @{ $users{$1}{$2} }, $user;
    END {
      sub quoted { my $text = shift; $text =~ s/(["\\])/\\$1/g; return "\"$text\"" }
      for my $kind ("publish", "subscribe") {
        next unless $filters{$kind};
        print "    access_$kind:\n";
        for my $filter (@{ $filters{$kind} }) {
          print "      ", quoted($filter), ":\n";
          print "        - allow:\n          - user: ", quoted($_), "\n" for @{ $users{$kind}{$filter} };
        }
      }
    }')"$'\n'
fi

sed -e "s/@MQTT_PORT@/$mqtt_port/g" -e "s/@MQTT_HOST@/$host/g" \
  -e "s/@SESSION_EXPIRY_SECONDS@/$session_expiry/g" -e "s/@MQTT_MAX_PAYLOAD_SIZE@/$max_payload/g" \
  -e "s/@EJABBERD_LOG_LEVEL@/$log_level/g" -e "s/@AUTH_METHOD@/$auth_method/g" \
  /etc/ejabberd-conformance/ejabberd.yml.template >"$home/ejabberd.yml"
# mod_mqtt is the template's last block: its options go at the end, then top-level options.
printf '%s%s' "$mod_mqtt_options" "$top_level_options" >>"$home/ejabberd.yml"
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
