#!/usr/bin/env bash
# Create-request throughput and p99 latency: POST /api/v1/workorders (sjq-staff entering HOTLINE
# orders in 四季青 with varied descriptions, categories and places) against a bare endpoint of the
# same application that parses the same JSON and inserts one comparable row with JdbcClient
# (POST /api/v1/bench/insert, profile `bench`, see BenchInsertApi). Both go through the same
# bearer-token check and JSON parsing, so the ratios are what filing a work order itself costs
# (catalogue, routing, SLA clock, number sequence, audit entry, event, duplicate search).
# Loopback only, bounded runs; 2 cores shared by wrk and the application: read the ratios.
#
#   bench/workorder-create.sh                 # 10 s per run
#   DURATION=20s CONNECTIONS=16 bench/workorder-create.sh
# Goals: throughput ratio ≥ 0.5, p99 ratio ≤ 2.
source "$(dirname "$0")/lib.sh"

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-8}
LUA="$ROOT/bench/lua/create-order.lua"
need wrk wrk
need curl curl
JAR=$(app_jar)
PORT=$(free_port)
DATA=$(mktemp -d /tmp/civicloop-bench.XXXXXX)
BASE="http://127.0.0.1:$PORT"
APP_PID=

cleanup() {
	if [ -n "$APP_PID" ]; then stop_pid "$APP_PID" 60 >/dev/null; fi
	rm -rf "$DATA"
}
trap cleanup EXIT

echo "starting $(basename "$JAR") on port $PORT (data in $DATA, profile bench)…"
java ${JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 --spring.profiles.active=bench \
	--civicloop.data-dir="$DATA" >"$DATA/app.log" 2>&1 &
APP_PID=$!
up=$(wait_for_up "$BASE/actuator/health" "${STARTUP_TIMEOUT:-180}") || { tail -50 "$DATA/app.log"; exit 1; }
echo "up in ${up} s"

USER_NAME=${BENCH_USER:-sjq-staff}
TOKEN=$(curl -fsS -H 'Content-Type: application/json' -d "{\"username\":\"$USER_NAME\",\"password\":\"Demo@2026\"}" \
	"$BASE/api/v1/auth/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
AUTH="Authorization: Bearer $TOKEN"
ORDERS="$BASE/api/v1/workorders"
BARE="$BASE/api/v1/bench/insert"
SAMPLE='{"categoryCode":"street-light","description":"路灯不亮","territoryCode":"330102014001R001","lat":30.25,"lng":120.2,"channel":"HOTLINE"}'
for u in "$ORDERS" "$BARE"; do
	code=$(curl -sS -o "$DATA/probe.json" -w '%{http_code}' -H "$AUTH" -H 'Content-Type: application/json' -d "$SAMPLE" "$u")
	[ "$code" = 201 ] || { echo "probe $u answered $code:" >&2; cat "$DATA/probe.json" >&2; exit 1; }
done

# run <url> <duration> → "req/s p99-ms"
run() {
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --timeout 10s -H "$AUTH" -s "$LUA" --latency "$1" >"$DATA/wrk.out"
	if grep -qE 'Non-2xx|Socket errors' "$DATA/wrk.out"; then cat "$DATA/wrk.out" >&2; echo "errors in $1" >&2; exit 1; fi
	awk '/^Requests\/sec:/ { rps = $2 }
		$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
			p99 = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : (u == "m") ? v * 60000 : v }
		END { printf "%s %.2f\n", rps, p99 }' "$DATA/wrk.out"
}

echo "warm-up (3 × $WARMUP per endpoint, alternating)…"
for _ in 1 2 3; do run "$BARE" "$WARMUP" >/dev/null; run "$ORDERS" "$WARMUP" >/dev/null; done

echo "load average before measuring: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews both sides)"
echo "measuring ($THREADS threads, $CONNECTIONS connections, $DURATION per run, A-B-B-A)…"
read -r b1 bp1 < <(run "$BARE" "$DURATION")
read -r w1 wp1 < <(run "$ORDERS" "$DURATION")
read -r w2 wp2 < <(run "$ORDERS" "$DURATION")
read -r b2 bp2 < <(run "$BARE" "$DURATION")
awk -v b1="$b1" -v b2="$b2" -v w1="$w1" -v w2="$w2" -v bp1="$bp1" -v bp2="$bp2" -v wp1="$wp1" -v wp2="$wp2" \
	-v d="$DURATION" -v c="$CONNECTIONS" -v la="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
	b = (b1 + b2) / 2; w = (w1 + w2) / 2; bp = (bp1 + bp2) / 2; wp = (wp1 + wp2) / 2
	r = w / b; pr = wp / bp
	printf "\n%-40s %10s %10s   (runs: req/s; p99)\n", "endpoint (" c " connections, " d " × 2)", "req/s", "p99 ms"
	printf "%-40s %10.0f %10.1f   (%.0f, %.0f; %.1f, %.1f)\n", "baseline POST /api/v1/bench/insert", b, bp, b1, b2, bp1, bp2
	printf "%-40s %10.0f %10.1f   (%.0f, %.0f; %.1f, %.1f)\n", "POST /api/v1/workorders", w, wp, w1, w2, wp1, wp2
	printf "%-40s %9.2f×  (goal ≥ 0.50×) %s\n", "throughput work orders / baseline", r, (r >= 0.5 ? "OK" : "BELOW GOAL")
	printf "%-40s %9.2f×  (goal ≤ 2.00×) %s\n", "p99 work orders / baseline", pr, (pr <= 2 ? "OK" : "ABOVE GOAL")
	printf "load average after: %s\n", la
}' | tee "$RESULTS/workorder-create-$(date +%Y%m%d-%H%M%S).txt"
