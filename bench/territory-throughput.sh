#!/usr/bin/env bash
# Throughput of GET /api/v1/territory/330100 (the city node with its 13 districts) against a bare
# endpoint of the same application that returns a constant JSON document of the same size
# (GET /api/v1/bench/constant, profile `bench`, see BenchConstantApi). Both go through the same
# bearer-token check, so the ratio is what the territory endpoint itself costs. Loopback only;
# the machine has 2 cores shared by wrk and the application, so read the ratio, not the numbers.
#
#   bench/territory-throughput.sh            # 10 s per run
#   DURATION=30s bench/territory-throughput.sh
# Goal: ratio ≥ 0.5.
source "$(dirname "$0")/lib.sh"

DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
need wrk wrk
need curl curl
start_app "${STARTUP_TIMEOUT:-120}"

TOKEN=$(token admin)
AUTH="Authorization: Bearer $TOKEN"
TERRITORY="$BASE/api/v1/territory/330100"
SIZE=$(curl -fsS -H "$AUTH" "$TERRITORY" | wc -c)
CONSTANT="$BASE/api/v1/bench/constant?bytes=$SIZE"
test "$(curl -fsS -H "$AUTH" "$CONSTANT" | wc -c)" -eq "$SIZE"
echo "response size: $SIZE bytes (both endpoints)"

run() { # run <url> <duration> → requests/s
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" -H "$AUTH" --latency "$1" >"$DATA/wrk.out"
	if grep -q 'Non-2xx' "$DATA/wrk.out"; then cat "$DATA/wrk.out" >&2; echo "non-2xx answers" >&2; exit 1; fi
	awk '/^Requests\/sec:/ { print $2 }' "$DATA/wrk.out"
}

# both code paths must be compiled by the JIT before measuring: alternate, 4 × 5 s each
echo "warm-up (4 × 5 s per endpoint, alternating)…"
for _ in 1 2 3 4; do run "$CONSTANT" 5s >/dev/null; run "$TERRITORY" 5s >/dev/null; done

# A-B-B-A so that drift (JIT, GC, a neighbour on the machine) weighs on both sides equally
echo "load average before measuring: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews both sides)"
echo "measuring ($THREADS threads, $CONNECTIONS connections, $DURATION per run, A-B-B-A)…"
c1=$(run "$CONSTANT" "$DURATION"); t1=$(run "$TERRITORY" "$DURATION")
t2=$(run "$TERRITORY" "$DURATION"); c2=$(run "$CONSTANT" "$DURATION")
awk -v c1="$c1" -v c2="$c2" -v t1="$t1" -v t2="$t2" -v size="$SIZE" -v d="$DURATION" 'BEGIN {
	c = (c1 + c2) / 2; t = (t1 + t2) / 2; r = t / c
	printf "\n%-44s %12s\n", "endpoint (" size " B, " d " × 2)", "req/s"
	printf "%-44s %12.0f   (%.0f, %.0f)\n", "baseline GET /api/v1/bench/constant", c, c1, c2
	printf "%-44s %12.0f   (%.0f, %.0f)\n", "GET /api/v1/territory/330100", t, t1, t2
	printf "%-44s %12.2f×  (goal ≥ 0.50×) %s\n", "ratio territory / baseline", r, (r >= 0.5 ? "OK" : "BELOW GOAL")
}' | tee "$RESULTS/territory-throughput-$(date +%Y%m%d-%H%M%S).txt"
