#!/usr/bin/env bash
# Runs src/bench/ingress_flood.py against a gateway with a small heap and direct memory, and a file limit of 1024
# (as the machine where issue 9 found 131 direct-memory OutOfMemoryErrors and file-descriptor exhaustion), in
# front of the provider simulator; then counts OutOfMemoryErrors in the gateway's log.
# Usage: src/bench/ingress_flood.sh [uploads=300] [idle=1100] [probes=12]   (after mvn -B -q test-compile)
set -euo pipefail
cd "$(dirname "$0")/../.."
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
SIM_PORT=$(free_port) GW_PORT=$(free_port) KEY=flood-bench-key
source src/bench/common.sh

mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="target/classes:target/test-classes:$(cat "$WORK/cp.txt")"
write_gateway_yaml $SIM_PORT openai
run_in_background sim java -cp "$CP" io.camelgateway.simulator.ProviderSimulator --port $SIM_PORT
run_in_background gateway bash -c 'ulimit -n 1024 && exec "$@"' ulimited env GATEWAY_CONFIG="$WORK/gateway.yaml" \
  GATEWAY_API_KEYS=$KEY GATEWAY_PORT=$GW_PORT GATEWAY_HOST=127.0.0.1 \
  java -Xmx256m -XX:MaxDirectMemorySize=64m -cp "$CP" io.camelgateway.GatewayMain
wait_for http://127.0.0.1:$SIM_PORT/v1/models
wait_for http://127.0.0.1:$GW_PORT/health/live
grep -h "max-connections" "$WORK/gateway.log" || true
ulimit -n 4096
python3 src/bench/ingress_flood.py $GW_PORT $KEY "${1:-300}" "${2:-1100}" "${3:-12}"
echo "OutOfMemoryErrors in the gateway's log: $(grep -c OutOfMemoryError "$WORK/gateway.log" || true)"
echo "'Too many open files' in the gateway's log: $(grep -c 'Too many open files' "$WORK/gateway.log" || true)"
