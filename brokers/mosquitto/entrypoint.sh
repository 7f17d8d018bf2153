#!/bin/sh
# Writes mosquitto's configuration for the chosen profile and listener, then becomes mosquitto
# (exec, so SIGTERM from `docker stop` reaches it directly and it exits at once).
set -eu

# Any arguments are a command to run instead (docker run IMAGE dpkg-query -W mosquitto).
if [ "$#" -gt 0 ]; then exec "$@"; fi

profile="${MOSQUITTO_PROFILE:-default}"
template="/etc/mosquitto/conformance/mosquitto.${profile}.conf"
case "${MQTT_PORT:-}" in
  '' | *[!0-9]*) echo "mosquitto-entrypoint: MQTT_PORT must be a port number, got '${MQTT_PORT:-}'" >&2; exit 64 ;;
esac
if [ ! -f "$template" ]; then
  profiles=""
  for file in /etc/mosquitto/conformance/mosquitto.*.conf; do
    file="${file##*/mosquitto.}"
    profiles="$profiles ${file%.conf}"
  done
  echo "mosquitto-entrypoint: no profile '$profile' (MOSQUITTO_PROFILE); have:$profiles" >&2
  exit 64
fi

config=/run/mosquitto-conformance.conf
sed -e "s/@MQTT_PORT@/${MQTT_PORT}/g" -e "s/@MQTT_HOST@/${MQTT_HOST:-127.0.0.1}/g" "$template" >"$config"
exec mosquitto -c "$config"
