#!/usr/bin/env bash
# Audit log benchmarks: ./bench/audit/run.sh [appends] [proofs] [--sizes=1000000,10000000] [--rows=20000]
# Compiled against the project's classes and test classpath; the pom is not involved.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test >/dev/null
CP="target/classes:target/test-classes:$(cat target/bench-cp.txt)"
rm -rf target/bench-classes && mkdir -p target/bench-classes
javac -d target/bench-classes -cp "$CP" bench/audit/src/org/civicloop/bench/AuditBench.java
exec java -Xmx1g -cp "target/bench-classes:$CP" org.civicloop.bench.AuditBench "$@"
