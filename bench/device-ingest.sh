#!/usr/bin/env bash
# Signed device events ingested over MQTT (verified + stored + audited) per second, against a bare
# subscriber that only stores the raw payloads, side by side in the same application and broker.
# Goal: platform >= 2,000 events/s and >= 0.3x the bare subscriber.
#
#   bench/device-ingest.sh                       # 20 devices x 500 events, 2 rounds
#   DEVICES=50 EVENTS=1000 ROUNDS=3 bench/device-ingest.sh
#
# The driver and the baseline are BenchDeviceIngest (org.civicloop.device.mqtt, profile bench):
# it registers the devices, signs every event beforehand, then K MQTT clients publish to the
# embedded broker as fast as it takes them, first to the devices' up topics (the platform path),
# then the same payloads to a bench topic that a bare Paho subscriber stores with the same batching.
source "$(dirname "$0")/lib.sh"
need curl curl

DEVICES=${DEVICES:-20}
EVENTS=${EVENTS:-500}
ROUNDS=${ROUNDS:-2}
start_app "${STARTUP_TIMEOUT:-240}" --civicloop.device.mqtt.embedded-port="$(free_port)"
TOKEN=$(token admin)

echo "warm-up (5 devices x 400 events)…"
curl -fsS -X POST -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/bench/device-ingest?devices=5&events=400" >/dev/null

OUT="$RESULTS/device-ingest-$(date +%Y%m%d-%H%M%S).txt"
printf '%-6s %8s %14s %14s %7s %6s\n' round events platform/s bare/s ratio load | tee "$OUT"
for r in $(seq 1 "$ROUNDS"); do
	json=$(curl -fsS -X POST -H "Authorization: Bearer $TOKEN" \
		"$BASE/api/v1/bench/device-ingest?devices=$DEVICES&events=$EVENTS")
	val() { echo "$json" | sed -E "s/.*\"$1\":([0-9.]+).*/\1/"; }
	printf '%-6s %8s %14s %14s %6sx %6s\n' "$r" "$(val events)" "$(val platformEventsPerSecond)" \
		"$(val bareEventsPerSecond)" "$(val ratio)" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUT"
	[ "$(val storedEvents)" = "$(val events)" ] || { echo "stored $(val storedEvents) of $(val events)" >&2; exit 1; }
done
echo "goal: platform >= 2000 events/s and ratio >= 0.3x   (results in $OUT)"
