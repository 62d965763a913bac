#!/usr/bin/env bash
# Soak: MINUTES (default 10) of chat at RATE req/s (default 100), every other request streamed, over CONNECTIONS
# keep-alive connections (default 8; io.camelgateway.bench.SoakLoad), through the gateway in front of the provider
# simulator.
# After a warm-up it prints the gateway's live heap after a full GC (jcmd GC.class_histogram runs one first) at the
# start, every minute and at the end, while the connections are still open, then the difference, the requests,
# the failures and the gateway's open files at start and end.
# Goal (issue 9): live heap at the end within 10 MB of the start.
# Usage: [RATE=100] [CONNECTIONS=8] [WARMUP=30] src/bench/soak.sh [minutes]   (builds the jars when sources are newer)
set -euo pipefail
cd "$(dirname "$0")/../.."
MINUTES=${1:-10}
RATE=${RATE:-100}
CONNECTIONS=${CONNECTIONS:-8}
WARMUP=${WARMUP:-30}
SIM_PORT=19190 GW_PORT=18180
source src/bench/common.sh
keep_on_exit "$WORK/gateway.log" target/soak-gateway.log

command -v jcmd >/dev/null || { echo "jcmd not found: the soak needs a JDK, not only a JRE"; exit 1; }
build_jars when-stale
# The JVM settings (common.sh) and the providers the shipped pools and fan-outs name, all on the simulator, are
# those of overhead.sh.
write_gateway_yaml $SIM_PORT openai anthropic gemini
run_in_background sim java $JAVA_OPTS -cp "$JAR:$TESTS_JAR" io.camelgateway.simulator.ProviderSimulator --port $SIM_PORT
run_in_background gateway env GATEWAY_CONFIG="$WORK/gateway.yaml" GATEWAY_API_KEYS=soak-caller-key GATEWAY_PORT=$GW_PORT \
  java $JAVA_OPTS -jar $JAR
GW_PID=$LAST_PID
wait_for http://127.0.0.1:$SIM_PORT/v1/models
wait_for http://127.0.0.1:$GW_PORT/health/live

# The load runs a little past the last measurement, so that its connections are still open when it is taken.
SECONDS_OF_LOAD=$((WARMUP + MINUTES * 60 + 10))
run_in_background load java -Xmx256m -cp "$JAR:$TESTS_JAR" io.camelgateway.bench.SoakLoad \
  "http://127.0.0.1:$GW_PORT/v1/chat/completions" soak-caller-key openai/gpt-4o-mini "$RATE" "$SECONDS_OF_LOAD" "$CONNECTIONS"
LOAD_PID=$LAST_PID

live_mb() { # prints "live-MB ChatStream-count" of the gateway after a full GC
  jcmd "$GW_PID" GC.class_histogram > "$WORK/histogram.txt"
  awk '$4 == "io.camelgateway.api.ChatStream" {streams = $2}
       /^Total/ {bytes = $3} END {printf "%.1f %d\n", bytes / 1048576, streams}' "$WORK/histogram.txt"
}
open_files() { ls /proc/"$GW_PID"/fd | wc -l; }
load_so_far() { grep '^soak-load at' "$WORK/load.log" | tail -1 | sed 's/^soak-load at [0-9]* s: //'; }

echo "soak: $MINUTES min at $RATE req/s over $CONNECTIONS keep-alive connections, half streamed, after ${WARMUP} s of warm-up (gateway pid $GW_PID)"
sleep "$WARMUP"
read -r START_MB START_STREAMS < <(live_mb)
START_FILES=$(open_files)
printf '%-8s live heap %7.1f MB   ChatStreams %6d   open files %5d   load: %s\n' start "$START_MB" "$START_STREAMS" \
  "$START_FILES" "$(load_so_far)"
for minute in $(seq 1 "$MINUTES"); do
  sleep 60
  read -r MB STREAMS < <(live_mb)
  printf '%-8s live heap %7.1f MB   ChatStreams %6d   open files %5d   load: %s\n' "min $minute" "$MB" "$STREAMS" \
    "$(open_files)" "$(load_so_far)"
done
END_FILES=$(open_files)
wait "$LOAD_PID" || true
grep '^soak-load failure' "$WORK/load.log" || true
TOTALS=$(grep '^soak-load done' "$WORK/load.log" || echo "the load generator did not finish: $(tail -3 "$WORK/load.log")")

echo
echo "live heap after a full GC: start $START_MB MB, end $MB MB, difference $(awk -v a="$START_MB" -v b="$MB" 'BEGIN {printf "%+.1f", b - a}') MB (goal: within 10 MB)"
echo "ChatStream objects reachable: start $START_STREAMS, end $STREAMS"
echo "gateway open files: start $START_FILES, end $END_FILES"
echo "$TOTALS"
echo "gateway log (kept in target/soak-gateway.log): $(grep -c ' WARN \| ERROR ' "$WORK/gateway.log" || true) warnings or errors"
