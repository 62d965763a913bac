#!/usr/bin/env bash
# Where a request's cost goes in the gateway: the simulator and the gateway started as overhead.sh starts them
# (default configuration), warmed up with wrk, then a JFR recording (CPU samples every 1 ms, allocation samples,
# each thread's allocated bytes) of DURATION seconds of hey at 1,000 req/s. Prints the bytes allocated per request,
# the threads' and the steps' shares of the CPU samples (io.camelgateway.bench.RequestProfile), and keeps the
# recording as target/overhead-profile.jfr (open it in JDK Mission Control for the stacks).
# Usage: [WARMUP=40] [SIM_PORT=19190 GW_PORT=18180] src/bench/overhead_profile.sh [duration-seconds]   (builds the jars if needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-20}
SIM_PORT=${SIM_PORT:-19190} GW_PORT=${GW_PORT:-18180}
source src/bench/common.sh
need wrk
need hey
build_jars when-stale
write_gateway_yaml $SIM_PORT openai anthropic gemini
cat > "$WORK/profile.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="request profile">
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">1 ms</setting></event>
  <event name="jdk.ObjectAllocationSample"><setting name="enabled">true</setting><setting name="throttle">2000/s</setting><setting name="stackTrace">true</setting></event>
  <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting><setting name="period">everyChunk</setting></event>
</configuration>
JFC
run_in_background sim java $JAVA_OPTS -cp "$JAR:$TESTS_JAR" io.camelgateway.simulator.ProviderSimulator --port $SIM_PORT
run_in_background gateway env GATEWAY_CONFIG="$WORK/gateway.yaml" GATEWAY_API_KEYS=bench-caller-key GATEWAY_PORT=$GW_PORT \
  java $JAVA_OPTS -jar $JAR
GW_PID=$LAST_PID
wait_for http://127.0.0.1:$SIM_PORT/v1/models
wait_for http://127.0.0.1:$GW_PORT/health/live
URL=http://127.0.0.1:$GW_PORT/v1/chat/completions
BODY='{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Say hello in five words"}],"max_tokens":16}'
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '$BODY'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer bench-caller-key"
LUA
for _ in $(seq 1 60); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -H 'Authorization: Bearer bench-caller-key' -d "$BODY" $URL)" = 200 ] && break
  sleep 0.5
done
echo "warming up (${WARMUP:-40} s)"
wrk -t1 -c16 -d"${WARMUP:-40}s" -s "$WORK/post.lua" $URL > /dev/null
hey -z 5s -c 10 -q 100 -m POST -T application/json -H "Authorization: Bearer bench-caller-key" -d "$BODY" $URL > /dev/null
jcmd $GW_PID JFR.start name=request-profile settings="$WORK/profile.jfc" filename="$WORK/profile.jfr" > /dev/null
before=$(awk '{print $14 + $15}' "/proc/$GW_PID/stat")
hey -z "${DURATION}s" -c 10 -q 100 -m POST -T application/json -H "Authorization: Bearer bench-caller-key" -d "$BODY" \
  $URL > "$WORK/hey.txt"
ticks=$(( $(awk '{print $14 + $15}' "/proc/$GW_PID/stat") - before ))
jcmd $GW_PID JFR.stop name=request-profile > /dev/null
cp "$WORK/profile.jfr" target/overhead-profile.jfr
requests=$(awk '/^[ \t]*\[200\]/ {n += $2} END {print n + 0}' "$WORK/hey.txt")
echo
echo "$requests answers in ${DURATION}s at 1,000 req/s, CPU $(awk -v t=$ticks -v n=$requests -v hz="$(getconf CLK_TCK)" \
  'BEGIN {printf "%.0f", t / hz * 1e6 / n}') µs per request (user + system)"
java -cp "$TESTS_JAR" io.camelgateway.bench.RequestProfile target/overhead-profile.jfr "$requests"
