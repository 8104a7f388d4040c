#!/usr/bin/env bash
# Approval-to-unlock latency of the smart seal on loopback: from the moment the village secretary's
# approval starts to the moment the sleeve (the shipped simulator, over real MQTT to the embedded
# broker) sends `unlock`; side by side with a bare baseline, the same signed command sent straight
# through the device layer with no application, approval, audit entry or notice.
# Goal: platform p99 < 200 ms.
#
#   bench/seal-unlock.sh                  # 200 rounds
#   ROUNDS=500 bench/seal-unlock.sh
#   MQTT_URL=tcp://127.0.0.1:1883 bench/seal-unlock.sh    # through the machine's Mosquitto instead
#
# The driver is BenchSealUnlock (org.civicloop.benchmarks, profile bench), on 仙岩村's demo
# party-branch seal XY-SEAL-03 with the 1-impression "meeting-minutes" item.
source "$(dirname "$0")/lib.sh"
need curl curl
need jq jq

ROUNDS=${ROUNDS:-200}
DEVICE=${DEVICE:-XY-SEAL-03}
VILLAGE=${VILLAGE:-330110112001}
EXTRA=()
[ -n "${MQTT_URL:-}" ] && EXTRA+=(--civicloop.device.mqtt.url="$MQTT_URL")
start_app "${STARTUP_TIMEOUT:-240}" --civicloop.device.mqtt.embedded-port="$(free_port)" "${EXTRA[@]}"
ADMIN=$(token admin)
SEAL=$(curl -fsS -H "Authorization: Bearer $(token xy-secretary)" "$BASE/api/v1/seal/seals" \
	| jq -r --arg d "$DEVICE" '[.. | objects | select(.deviceId? == $d or .deviceId?.value? == $d)][0].id')
[ -n "$SEAL" ] && [ "$SEAL" != null ] || { echo "no seal bound to $DEVICE" >&2; exit 1; }

OUT="$RESULTS/seal-unlock-$(date +%Y%m%d-%H%M%S).txt"
json=$(curl -sS --fail-with-body -X POST -H "Authorization: Bearer $ADMIN" \
	"$BASE/api/v1/bench/seal-unlock?device=$DEVICE&seal=$SEAL&village=$VILLAGE&rounds=$ROUNDS") \
	|| { echo "$json" >&2; grep -E "ERROR|WARN.*(seal|simulator|device)" "$DATA/app.log" | tail -20; exit 1; }
{
	echo "approval-to-unlock, $ROUNDS rounds, broker $(echo "$json" | jq -r .broker), load $(cut -d' ' -f1 /proc/loadavg)"
	printf '%-10s %8s %8s %8s %8s\n' path p50_ms p90_ms p99_ms max_ms
	for k in platform bare; do
		printf '%-10s %8s %8s %8s %8s\n' "$k" $(echo "$json" | jq -r ".$k | .p50Ms, .p90Ms, .p99Ms, .maxMs")
	done
	echo "ratio platform/bare: p50 $(echo "$json" | jq -r .p50Ratio)x, p99 $(echo "$json" | jq -r .p99Ratio)x"
	echo "goal: platform p99 < 200 ms"
} | tee "$OUT"
