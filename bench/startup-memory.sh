#!/usr/bin/env bash
# Start-up time and idle memory of the packaged application on the embedded PostgreSQL, against a
# bare baseline (the JDK's HTTP server answering a constant, bench/baseline/Hello.java), on this
# machine, side by side.
#
# Each run starts `java -jar` with a fresh data folder (so the embedded cluster is initialised and
# the demo data imported: the worst case a newcomer sees), waits for /actuator/health to say UP,
# lets it idle, then reads the memory: RSS of the Java process, and of the PostgreSQL processes
# (postmaster + backends) both RSS and PSS — their RSS counts the shared buffers once per process,
# PSS shares them out, so PSS is the honest total. A last run restarts on an existing data folder
# (the everyday case). Goals: UP in < 15 s, Java RSS < 400 MB.
#
#   bench/startup-memory.sh            # 3 fresh runs + 1 restart
#   RUNS=5 IDLE=10 bench/startup-memory.sh
#   JAVA_OPTS="-Xss512k -XX:MaxRAMPercentage=25" bench/startup-memory.sh   # try JVM flags
source "$(dirname "$0")/lib.sh"

RUNS=${RUNS:-3}
IDLE=${IDLE:-5}
# the same flags as the README's run command (spring-boot-maven-plugin jvmArguments)
JAVA_OPTS=${JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}
need curl curl
JAR=$(app_jar)
WORK=$(mktemp -d /tmp/civicloop-startup.XXXXXX)
PID=

cleanup() {
	if [ -n "$PID" ]; then stop_pid "$PID" 60 >/dev/null; fi
	rm -rf "$WORK"
}
trap cleanup EXIT

postgres_memory() { # postgres_memory <data dir> → "rss_kb pss_kb count"
	local pidfile="$1/postgres/postmaster.pid" pm rss=0 pss=0 n=0 p
	[ -f "$pidfile" ] || { echo "0 0 0"; return; }
	pm=$(head -1 "$pidfile")
	for p in $pm $(ps -o pid= --ppid "$pm"); do
		rss=$(( rss + $(rss_kb "$p") )); pss=$(( pss + $(pss_kb "$p") )); n=$(( n + 1 ))
	done
	echo "$rss $pss $n"
}

OUT="$RESULTS/startup-memory-$(date +%Y%m%d-%H%M%S).txt"
row() { printf '%-26s %8s %10s %13s %9s %9s %6s\n' "$@" | tee -a "$OUT"; }
load() { cut -d' ' -f1 /proc/loadavg; }

# ── baseline
l=$(load)
javac -d "$WORK/baseline" "$ROOT/bench/baseline/Hello.java"
PORT=$(free_port)
t0=$(date +%s%N)
java $JAVA_OPTS -cp "$WORK/baseline" Hello "$PORT" &
PID=$!
base_up=$(wait_for_up "http://127.0.0.1:$PORT/" 30)
sleep "$IDLE"
base_rss=$(rss_kb "$PID")
stop_pid "$PID" 10 >/dev/null; PID=

echo "java: $(java -version 2>&1 | head -1); $(nproc) cores; JAVA_OPTS='${JAVA_OPTS}'" | tee "$OUT"
echo "load = 1-minute load average when the run started: with other work on the machine, times stretch" | tee -a "$OUT"
row "run" "UP (s)" "Java RSS" "PG RSS (n)" "PG PSS" "stop (s)" "load"
row "baseline (JDK HttpServer)" "$base_up" "$(mb "$base_rss") MB" "-" "-" "-" "$l"

ups=() rsss=()
for i in $(seq 1 "$RUNS"); do
	DATA="$WORK/data-$i"
	PORT=$(free_port)
	l=$(load)
	java $JAVA_OPTS -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 --civicloop.data-dir="$DATA" \
		>"$WORK/app-$i.log" 2>&1 &
	PID=$!
	up=$(wait_for_up "http://127.0.0.1:$PORT/actuator/health" 180) || { tail -40 "$WORK/app-$i.log"; exit 1; }
	sleep "$IDLE"
	rss=$(rss_kb "$PID"); read -r pg_rss pg_pss pg_n < <(postgres_memory "$DATA")
	stop=$(stop_pid "$PID" 60); PID=
	row "fresh data folder #$i" "$up" "$(mb "$rss") MB" "$(mb "$pg_rss") MB ($pg_n)" "$(mb "$pg_pss") MB" "$stop" "$l"
	ups+=("$up"); rsss+=("$rss")
done

# the everyday case: the data folder exists (no initdb, demo data already there)
DATA="$WORK/data-$RUNS"
PORT=$(free_port)
l=$(load)
java $JAVA_OPTS -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 --civicloop.data-dir="$DATA" \
	>"$WORK/app-restart.log" 2>&1 &
PID=$!
up=$(wait_for_up "http://127.0.0.1:$PORT/actuator/health" 180) || { tail -40 "$WORK/app-restart.log"; exit 1; }
sleep "$IDLE"
rss=$(rss_kb "$PID"); read -r pg_rss pg_pss pg_n < <(postgres_memory "$DATA")
stop=$(stop_pid "$PID" 60); PID=
row "restart, existing folder" "$up" "$(mb "$rss") MB" "$(mb "$pg_rss") MB ($pg_n)" "$(mb "$pg_pss") MB" "$stop" "$l"

printf '%s\n' "${ups[@]}" | sort -n | awk -v b="$base_up" '{ a[NR] = $1 } END {
	m = a[int((NR + 1) / 2)]
	printf "\nmedian fresh start: %.1f s (goal < 15 s) %s; baseline %.1f s\n", m, (m < 15 ? "OK" : "ABOVE GOAL"), b }' | tee -a "$OUT"
printf '%s\n' "${rsss[@]}" | sort -n | awk -v b="$base_rss" '{ a[NR] = $1 } END {
	m = a[int((NR + 1) / 2)]
	printf "median Java RSS at idle: %.0f MB (goal < 400 MB) %s; baseline %.0f MB (%.1f×)\n", m / 1024,
		(m / 1024 < 400 ? "OK" : "ABOVE GOAL"), b / 1024, m / b }' | tee -a "$OUT"
