#!/usr/bin/env bash
# Exact-cache hit latency over HTTP against a miss and the provider directly, in one run
# (io.camelgateway.bench.CacheHitLatency: a simulator and the gateway in one JVM, one caller, paths in turn).
# Usage: src/bench/cache_latency.sh [requests-per-path, 5000]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
  -Dmdep.includeScope=test
java -Xms512m -Xmx512m -XX:+UseParallelGC \
  -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
  io.camelgateway.bench.CacheHitLatency "${1:-5000}" 2>/dev/null | grep -v '^[0-9:.]* \(INFO\|WARN\)'
