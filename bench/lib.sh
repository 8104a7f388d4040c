# Shared helpers for bench/*.sh (sourced, not run).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RESULTS="$ROOT/bench/results"
mkdir -p "$RESULTS"

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
		echo "need root (or sudo) for: $*" >&2; return 1; fi
}

need() { # need <command> <debian package>
	command -v "$1" >/dev/null && return 0
	echo "installing $2 (apt-get)" >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

# The packaged application; rebuilt when a source file is newer than the jar.
app_jar() {
	local jar
	jar=$(ls "$ROOT"/target/civicloop-*.jar 2>/dev/null | grep -v -- '-plain' | head -1 || true)
	if [ -z "$jar" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$jar" -type f -print -quit)" ]; then
		echo "building the jar (./mvnw package -DskipTests)…" >&2
		(cd "$ROOT" && ./mvnw -B -ntp -q -DskipTests package >&2)
		jar=$(ls "$ROOT"/target/civicloop-*.jar | grep -v -- '-plain' | head -1)
	fi
	echo "$jar"
}

free_port() {
	local p
	while :; do
		p=$(( 20000 + RANDOM % 20000 ))
		ss -Hltn "sport = :$p" | grep -q . || { echo "$p"; return; }
	done
}

# wait_for_up <url> <timeout s>: prints seconds (with ms) until the URL answers {"status":"UP"}
wait_for_up() {
	local url=$1 timeout=$2 t0 now
	t0=$(date +%s%N)
	while :; do
		if curl -fsS --max-time 1 "$url" 2>/dev/null | grep -q '"status":"UP"'; then break; fi
		now=$(date +%s%N)
		if (( (now - t0) / 1000000000 >= timeout )); then echo "timeout"; return 1; fi
		sleep 0.1
	done
	now=$(date +%s%N)
	awk -v ns=$(( now - t0 )) 'BEGIN { printf "%.1f", ns / 1e9 }'
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
pss_kb() { awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
mb() { awk -v kb="$1" 'BEGIN { printf "%.0f", kb / 1024 }'; }

# stop_pid <pid> <timeout s>: SIGTERM, wait, SIGKILL as a last resort; prints the seconds it took
stop_pid() {
	local pid=$1 timeout=${2:-60} t0 now
	t0=$(date +%s%N)
	kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 1 $(( timeout * 10 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; echo "killed"; return; fi
	now=$(date +%s%N)
	awk -v ns=$(( now - t0 )) 'BEGIN { printf "%.1f", ns / 1e9 }'
}

# start_app <startup timeout s> [application arguments…]: starts the packaged application ($JAR if
# set, else the one app_jar builds) on a free loopback port with profile bench and a throw-away data
# folder, and waits until it is healthy. Sets JAR, PORT, DATA, BASE and APP_PID; on exit the
# application is stopped (by its PID) and the folder removed.
start_app() {
	local timeout=$1 up
	shift
	JAR=${JAR:-$(app_jar)}
	PORT=$(free_port)
	DATA=$(mktemp -d /tmp/civicloop-bench.XXXXXX)
	BASE="http://127.0.0.1:$PORT"
	APP_PID=
	trap stop_app EXIT
	echo "starting $(basename "$JAR") on port $PORT (data in $DATA, profile bench) $*…"
	java ${JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 --spring.profiles.active=bench \
		--civicloop.data-dir="$DATA" "$@" >"$DATA/app.log" 2>&1 &
	APP_PID=$!
	up=$(wait_for_up "$BASE/actuator/health" "$timeout") || { tail -50 "$DATA/app.log"; exit 1; }
	echo "up in ${up} s"
}

stop_app() {
	if [ -n "${APP_PID:-}" ]; then stop_pid "$APP_PID" 60 >/dev/null; fi
	rm -rf "${DATA:-}"
}

# token <demo account>: a bearer token from the running application
token() {
	curl -fsS -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"Demo@2026\"}" \
		"$BASE/api/v1/auth/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
