#!/bin/sh
# Writes mosquitto's configuration for the chosen profile and listener, adds the settings the suite
# rendered for this container (if any), then becomes mosquitto (exec, so SIGTERM from
# `docker stop` reaches it directly and it exits at once).
set -eu

# Any arguments are a command to run instead (docker run IMAGE mosquitto -h).
if [ "$#" -gt 0 ]; then exec "$@"; fi

fail() { echo "mosquitto-entrypoint: $*" >&2; exit 64; }

profile="${MOSQUITTO_PROFILE:-default}"
template="/etc/mosquitto/conformance/mosquitto.${profile}.conf"
case "${MQTT_PORT:-}" in
  '' | *[!0-9]*) fail "MQTT_PORT must be a port number, got '${MQTT_PORT:-}'" ;;
esac
if [ ! -f "$template" ]; then
  profiles=""
  for file in /etc/mosquitto/conformance/mosquitto.*.conf; do
    file="${file##*/mosquitto.}"
    profiles="$profiles ${file%.conf}"
  done
  fail "no profile '$profile' (MOSQUITTO_PROFILE); have:$profiles"
fi

config=/run/mosquitto-conformance.conf
sed -e "s/@MQTT_PORT@/${MQTT_PORT}/g" -e "s/@MQTT_HOST@/${MQTT_HOST:-127.0.0.1}/g" "$template" >"$config"

# MOSQUITTO_SETTINGS (settings.conf.mustache): "option value" lines; a line without a value is a
# setting the scenario did not ask for. Appended after the profile's lines, which they override
# (the listener options apply to the main listener above, and are repeated for the others below).
if [ -n "${MOSQUITTO_SETTINGS:-}" ]; then
  while read -r option value; do
    [ -n "$option" ] && [ -n "$value" ] || continue
    case "$value" in *[!0-9]*) fail "the value of $option must be a whole number, got '$value'" ;; esac
    case "$option" in
      persistent_client_expiration_seconds)
        # mosquitto counts this option in whole hours (h) at the finest
        [ $((value % 3600)) -eq 0 ] && [ "$value" -gt 0 ] ||
          fail "mosquitto sets persistent_client_expiration in whole hours, not $value s"
        echo "persistent_client_expiration $((value / 3600))h" ;;
      max_packet_size | max_topic_alias | max_inflight_messages | max_queued_messages | max_keepalive | max_connections | max_qos)
        echo "$option $value" ;;
      retain_available)
        # mosquitto takes true or false; the vocabulary says 1 or 0
        if [ "$value" -eq 0 ]; then echo "retain_available false"; else echo "retain_available true"; fi ;;
      *) fail "unknown option in MOSQUITTO_SETTINGS: $option" ;;
    esac
  done >>"$config" <<SETTINGS
$MOSQUITTO_SETTINGS
SETTINGS
fi

# MOSQUITTO_PASSWORDS (passwords.mustache): "user:password" lines. With accounts, clients without
# one are refused.
if [ -n "${MOSQUITTO_PASSWORDS:-}" ]; then
  passwords=/run/mosquitto-conformance.passwords
  printf '%s\n' "$MOSQUITTO_PASSWORDS" | grep -v '^$' >"$passwords"
  mosquitto_passwd -U "$passwords"
  chmod 644 "$passwords"
  printf 'password_file %s\nallow_anonymous false\n' "$passwords" >>"$config"
fi

# MOSQUITTO_ACL (acl.mustache): an acl_file, what each account may publish to and receive.
if [ -n "${MOSQUITTO_ACL:-}" ]; then
  acl=/run/mosquitto-conformance.acl
  printf '%s\n' "$MOSQUITTO_ACL" >"$acl"
  chmod 644 "$acl"
  printf 'acl_file %s\n' "$acl" >>"$config"
fi

# The options mosquitto keeps per listener (max_qos, max_topic_alias, max_connections) as the
# profile and the settings above set them for the main listener: repeated after every other
# listener, which would otherwise run with mosquitto's defaults (a CONNACK announcing QoS 2 over
# TLS under the aws-like profile's max_qos 1).
listener_options="$(grep -E '^(max_qos|max_topic_alias|max_connections)[[:space:]]' "$config" || true)"

# add_listener PORT [LINE...]: one more listener on MQTT_HOST, its own lines, then those options
add_listener() {
  printf 'listener %s %s\n' "$1" "${MQTT_HOST:-127.0.0.1}"
  shift
  if [ "$#" -gt 0 ]; then printf '%s\n' "$@"; fi
  if [ -n "$listener_options" ]; then printf '%s\n' "$listener_options"; fi
}

# MOSQUITTO_TLS_CERT, MOSQUITTO_TLS_KEY, MOSQUITTO_TLS_CA (PEM text, the suite's test PKI): MQTT
# over TLS on MQTT_PORT+1, with a CA MQTT over TLS with a client certificate required on
# MQTT_PORT+2, MQTT over WebSocket Secure on MQTT_PORT+3 and over plain WebSocket on MQTT_PORT+4
# (the ports of broker.yaml `endpoints`). Last in the file, so the options above stay with the
# main listener.
if [ -n "${MOSQUITTO_TLS_CERT:-}" ] && [ -n "${MOSQUITTO_TLS_KEY:-}" ]; then
  tls=/run/mosquitto-conformance-tls
  mkdir -p "$tls"
  printf '%s\n' "$MOSQUITTO_TLS_CERT" >"$tls/server.crt"
  printf '%s\n' "$MOSQUITTO_TLS_KEY" >"$tls/server.key"
  chmod 644 "$tls/server.crt" "$tls/server.key"
  add_listener "$((MQTT_PORT + 1))" "certfile $tls/server.crt" "keyfile $tls/server.key" >>"$config"
  if [ -n "${MOSQUITTO_TLS_CA:-}" ]; then
    printf '%s\n' "$MOSQUITTO_TLS_CA" >"$tls/ca.crt"
    chmod 644 "$tls/ca.crt"
    add_listener "$((MQTT_PORT + 2))" "certfile $tls/server.crt" "keyfile $tls/server.key" "cafile $tls/ca.crt" \
      "require_certificate true" >>"$config"
  fi
  # libwebsockets binds a listener's address only with `socket_domain ipv4`: without it, it
  # ignores an IPv4 address such as 127.0.0.1 and listens on every address, IPv6 included.
  add_listener "$((MQTT_PORT + 3))" "protocol websockets" "socket_domain ipv4" "certfile $tls/server.crt" \
    "keyfile $tls/server.key" >>"$config"
  add_listener "$((MQTT_PORT + 4))" "protocol websockets" "socket_domain ipv4" >>"$config"
fi

exec mosquitto -c "$config"
