#!/bin/sh
# Writes Janus's configuration (core, HTTP transport, streaming plugin; every other plugin and transport off) from our
# own variables and runs Janus in the foreground. The AppHost's local mode and the tests run this very script.
# Janus takes its API secret from the file, never from its command line; the file is readable by its owner only.
set -eu

: "${JANUS_API_SECRET:?JANUS_API_SECRET must be set (the secret the Api and the VodWorker send with every Janus request)}"
case "$JANUS_API_SECRET" in
  *[!A-Za-z0-9._~-]*) echo "entrypoint: JANUS_API_SECRET may contain only A-Z a-z 0-9 . _ ~ -" >&2; exit 64 ;;
esac
http_port="${JANUS_HTTP_PORT:-8088}"
http_address="${JANUS_HTTP_ADDRESS:-0.0.0.0}"
# ICE: the interfaces (names or address prefixes) Janus offers candidates on; empty means every interface but loopback.
# Janus never gathers loopback, and no STUN server is configured: it contacts nobody by itself.
ice_interfaces="${JANUS_ICE_INTERFACES:-}"
# The address Janus names in its SDP, and a 1:1 NAT's public address (a VM behind a cloud NAT) when there is one.
local_ip="${JANUS_LOCAL_IP:-}"
public_ip="${JANUS_PUBLIC_IP:-}"
webrtc_ports="${JANUS_WEBRTC_PORTS:-20000-20999}"
mountpoint_ports="${JANUS_MOUNTPOINT_PORTS:-21000-21999}"
config="${JANUS_CONFIG_PATH:-/var/lib/janus-config}"
lib="${JANUS_LIB_PATH:-/usr/lib/x86_64-linux-gnu/janus}"
for value in "$http_port" "$webrtc_ports" "$mountpoint_ports"; do
  case "$value" in *[!0-9-]*|"") echo "entrypoint: JANUS_HTTP_PORT and the port ranges are numbers (min-max)" >&2; exit 64 ;; esac
done
for value in "$http_address" "$ice_interfaces" "$local_ip" "$public_ip"; do
  case "$value" in *[!A-Za-z0-9.:,_-]*) echo "entrypoint: addresses and interface names only (A-Z a-z 0-9 . : , _ -)" >&2; exit 64 ;; esac
done

mkdir -p "$config"
umask 077
cat > "$config/janus.jcfg" <<JCFG
general: {
	configs_folder = "$config"
	plugins_folder = "$lib/plugins"
	transports_folder = "$lib/transports"
	events_folder = "$lib/events"
	loggers_folder = "$lib/loggers"
	debug_level = ${JANUS_DEBUG_LEVEL:-4}
	api_secret = "$JANUS_API_SECRET"
	session_timeout = 60
	server_name = "streaming-platform"
${local_ip:+	interface = \"$local_ip\"}
}
media: {
	rtp_port_range = "$webrtc_ports"
}
nat: {
	nice_debug = false
	ignore_mdns = true
${ice_interfaces:+	ice_enforce_list = \"$ice_interfaces\"}
${public_ip:+	nat_1_1_mapping = \"$public_ip\"}
}
plugins: {
	disable = "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_echotest.so,libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_videoroom.so,libjanus_voicemail.so"
}
transports: {
	disable = "libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so,libjanus_websockets.so"
}
events: {
	broadcast = false
}
loggers: {
	disable = "libjanus_jsonlog.so"
}
JCFG
cat > "$config/janus.transport.http.jcfg" <<JCFG
general: {
	json = "plain"
	base_path = "/janus"
	http = true
	port = $http_port
	ip = "$http_address"
	https = false
}
admin: {
	admin_http = false
	admin_https = false
}
JCFG
# Mountpoints are made and removed by the VodWorker's relays over the API (with the API secret), named by channel.
cat > "$config/janus.plugin.streaming.jcfg" <<JCFG
general: {
	string_ids = true
	rtp_port_range = "$mountpoint_ports"
}
JCFG

exec janus --config="$config/janus.jcfg" --configs-folder="$config" --disable-colors
