#!/usr/bin/env bash
# Work-order dashboard/list benchmark: ./bench/workorder/run.sh [--count=1000000] [--runs=50]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -B -DskipExternalDb test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test >/dev/null
CP="target/classes:target/test-classes:$(cat target/bench-cp.txt)"
rm -rf target/bench-wo-classes && mkdir -p target/bench-wo-classes
javac -d target/bench-wo-classes -cp "$CP" bench/workorder/src/org/civicloop/workorder/internal/WorkOrderBench.java
exec java -Xmx1g -cp "target/bench-wo-classes:$CP" org.civicloop.workorder.internal.WorkOrderBench "$@"
