#!/usr/bin/env bash
# What the Responses store costs a POST /v1/responses: store false, store true, and a continued 5-turn conversation,
# plain and streamed, in one run (io.camelgateway.bench.StoredResponsesLatency: a simulator and the gateway, with its
# H2 store, in one JVM; one caller, paths in turn).
# Usage: src/bench/responses_store_latency.sh [requests-per-path, 1000]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
  -Dmdep.includeScope=test
java -Xms512m -Xmx512m -XX:+UseParallelGC \
  -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
  io.camelgateway.bench.StoredResponsesLatency "${1:-1000}" 2>/dev/null | grep -v '^[0-9:.]* \(INFO\|WARN\)'
