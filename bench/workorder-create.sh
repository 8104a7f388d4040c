#!/usr/bin/env bash
# Create-request throughput and p99 latency: POST /api/v1/workorders (sjq-staff entering HOTLINE
# orders in 四季青 with varied descriptions, categories and places) against a bare endpoint of the
# same application that parses the same JSON and inserts one comparable row with JdbcClient
# (POST /api/v1/bench/insert, profile `bench`, see BenchInsertApi). Both go through the same
# bearer-token check and JSON parsing, so the ratios are what filing a work order itself costs
# (catalogue, routing, SLA clock, number sequence, audit entry, event, duplicate search).
# Loopback only, bounded runs; 2 cores shared by wrk and the application: read the ratios.
#
# Throughput is what an endpoint serves once the machine is busy, so the rounds sweep the number of
# connections (CONNECTIONS, a list) and each endpoint is credited with its best level: at 8
# connections the intake left 11–18 % of the CPU idle while the bare insert left 0–8 % (its orders
# wait for the one writer's statement, bench/README.md, session 17), which measured how long an
# order waits, not how many the platform can take. The p99 goal holds at every level, side by side.
#
#   bench/workorder-create.sh                 # 8, 16, 32 and 64 connections, 5 rounds of 10 s per endpoint each
#   ROUNDS=7 DURATION=20s bench/workorder-create.sh
#   CONNECTIONS=8 bench/workorder-create.sh   # one level only (the script's single level before session 17)
# Goals: peak throughput ratio ≥ 0.5, p99 ratio ≤ 2 at every level.
source "$(dirname "$0")/lib.sh"

DURATION=${DURATION:-10s}
# Warm-up in pairs (baseline, then work orders, WARMUP each) until the JIT has settled: fewer than
# SETTLED_MS milliseconds of compilation during a pair (jstat), after at least WARMUP_MIN pairs and
# at most WARMUP_MAX. A fixed warm-up measured the JIT instead: with 10 s per endpoint the baseline
# was still being compiled (it doubled by the third round); with 3 × 30 s the intake, whose code
# path is many times the baseline's, still was (its rate rose from 766 to 1,077 req/s over the five
# rounds of one run, with more than 100 s of compilation behind it).
WARMUP=${WARMUP:-15s}
WARMUP_MIN=${WARMUP_MIN:-3}
WARMUP_MAX=${WARMUP_MAX:-16}
SETTLED_MS=${SETTLED_MS:-500}
ROUNDS=${ROUNDS:-5}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-8 16 32 64}
LUA="$ROOT/bench/lua/create-order.lua"
need wrk wrk
need curl curl
start_app "${STARTUP_TIMEOUT:-180}"  # JAR=… measures another build (e.g. before a change) the same way

TOKEN=$(token "${BENCH_USER:-sjq-staff}")
AUTH="Authorization: Bearer $TOKEN"
ORDERS="$BASE/api/v1/workorders"
BARE="$BASE/api/v1/bench/insert"
SAMPLE='{"categoryCode":"street-light","description":"路灯不亮","territoryCode":"330102014001R001","lat":30.25,"lng":120.2,"channel":"HOTLINE"}'
for u in "$ORDERS" "$BARE"; do
	code=$(curl -sS -o "$DATA/probe.json" -w '%{http_code}' -H "$AUTH" -H 'Content-Type: application/json' -d "$SAMPLE" "$u")
	[ "$code" = 201 ] || { echo "probe $u answered $code:" >&2; cat "$DATA/probe.json" >&2; exit 1; }
done

# run <url> <duration> [connections] → "req/s p99-ms"
run() {
	wrk -t"$THREADS" -c"${3:-${CONNECTIONS%% *}}" -d"$2" --timeout 10s -H "$AUTH" -s "$LUA" --latency "$1" >"$DATA/wrk.out"
	if grep -qE 'Non-2xx|Socket errors' "$DATA/wrk.out"; then cat "$DATA/wrk.out" >&2; echo "errors in $1" >&2; exit 1; fi
	awk '/^Requests\/sec:/ { rps = $2 }
		$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
			p99 = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : (u == "m") ? v * 60000 : v }
		END { printf "%s %.2f\n", rps, p99 }' "$DATA/wrk.out"
}

# the application's accumulated JIT compilation time in ms (jstat comes with the JDK that runs it)
jit_ms() { jstat -compiler "$APP_PID" 2>/dev/null | awk 'NR == 2 { printf "%.0f", $4 * 1000 }' || true; }
FIXED_PAIRS=6  # without jstat: the old fixed warm-up's time (3 × 30 s per endpoint)
if [ -z "$(jit_ms)" ]; then
	echo "warm-up: jstat cannot read the application, so $FIXED_PAIRS fixed pairs of $WARMUP per endpoint (the rounds may still include compilation)…"
else
	echo "warm-up in pairs of $WARMUP per endpoint until the JIT compiles less than $SETTLED_MS ms in a pair ($WARMUP_MIN to $WARMUP_MAX pairs)…"
fi
settled=
for pair in $(seq 1 "$WARMUP_MAX"); do
	j0=$(jit_ms)
	read -r b _ < <(run "$BARE" "$WARMUP"); read -r w _ < <(run "$ORDERS" "$WARMUP")
	j1=$(jit_ms)
	if [ -z "$j0" ] || [ -z "$j1" ]; then
		echo "  pair $pair: baseline $b req/s, work orders $w req/s"
		if (( pair >= FIXED_PAIRS )); then settled=fixed; break; fi
		continue
	fi
	echo "  pair $pair: baseline $b req/s, work orders $w req/s, JIT compiled for $(( j1 - j0 )) ms"
	if (( pair >= WARMUP_MIN && j1 - j0 < SETTLED_MS )); then settled=$pair; break; fi
done
[ -n "$settled" ] || echo "  the JIT had not settled after $WARMUP_MAX pairs: the rounds may still include compilation"

echo "load average before measuring: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews both sides)"
echo "measuring ($THREADS threads, $DURATION per run, $ROUNDS rounds at each of $CONNECTIONS connections, each round baseline + work orders, alternating which goes first)…"
# Each round pairs a baseline run with a work-order run next to it; the ratio of each pair is what
# is compared at a level, and the median over the rounds is the figure (one run can be off by 2x on
# this box: JIT, GC, background work of the previous run, neighbours).
: > "$DATA/rounds"
# CPU time taken by the hypervisor for other guests (the steal column of /proc/stat), over the rounds
cpu_times() { awk '/^cpu / { print $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
read -r steal0 total0 < <(cpu_times)
for c in $CONNECTIONS; do
	for r in $(seq 1 "$ROUNDS"); do
		if (( r % 2 )); then
			read -r b bp < <(run "$BARE" "$DURATION" "$c"); read -r w wp < <(run "$ORDERS" "$DURATION" "$c")
		else
			read -r w wp < <(run "$ORDERS" "$DURATION" "$c"); read -r b bp < <(run "$BARE" "$DURATION" "$c")
		fi
		echo "$c $b $bp $w $wp" >> "$DATA/rounds"
		echo "  $c connections, round $r: baseline $b req/s p99 $bp ms | work orders $w req/s p99 $wp ms"
	done
done
read -r steal1 total1 < <(cpu_times)
awk -v d="$DURATION" -v la="$(cut -d' ' -f1 /proc/loadavg)" \
	-v steal="$(( 100 * (steal1 - steal0) / (total1 - total0 > 0 ? total1 - total0 : 1) ))" '
	function median(a, n,   i, j, t, x) { for (i = 1; i <= n; i++) x[i] = a[i]
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
		return n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2 }
	function level(   i, r, pr) {
		for (i = 1; i <= n; i++) { r[i] = W[i] / B[i]; pr[i] = WP[i] / BP[i] }
		mb = median(B, n); mw = median(W, n); mr = median(r, n); mpr = median(pr, n)
		printf "%11s %14.0f %14.0f %9.2f× %10.1f %10.1f %9.2f×\n", c, mb, mw, mr, median(BP, n), median(WP, n), mpr
		if (mb > peakb) { peakb = mb; peakbc = c } if (mw > peakw) { peakw = mw; peakwc = c }
		if (mpr > worstp) { worstp = mpr; worstpc = c } levels++ }
	BEGIN { printf "\n%11s %14s %14s %10s %10s %10s %10s\n", "connections", "baseline req/s", "orders req/s", "ratio", "base p99", "orders p99", "p99 ratio"
		printf "%11s %14s %14s %10s %10s %10s %10s\n", "", "(median)", "(median)", "(median)", "ms", "ms", "(median)" }
	$1 != c && n > 0 { level(); n = 0 }
	{ c = $1; n++; B[n] = $2; BP[n] = $3; W[n] = $4; WP[n] = $5 }
	END { level(); ratio = peakw / peakb
	printf "\npeak throughput: work orders %.0f req/s (%s connections) / baseline %.0f req/s (%s connections) = %.2f×  (goal ≥ 0.50×) %s\n",
		peakw, peakwc, peakb, peakbc, ratio, (ratio >= 0.5 ? "OK" : "BELOW GOAL")
	printf "p99 work orders / baseline: at most %.2f× (%s connections) over %d levels  (goal ≤ 2.00× at every level) %s\n",
		worstp, worstpc, levels, (worstp <= 2 ? "OK" : "ABOVE GOAL")
	printf "%d rounds of %s per endpoint and level; load average after: %s; CPU time stolen by other guests during the rounds: %s %%\n", n, d, la, steal
}' "$DATA/rounds" | tee "$RESULTS/workorder-create-$(date +%Y%m%d-%H%M%S).txt"
