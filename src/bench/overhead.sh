#!/usr/bin/env bash
# Gateway overhead benchmark: the same small non-streamed chat request sent
#   1. straight to the provider simulator (the floor),
#   2. through a bare Camel pass-through (netty-http in, netty-http out, no parsing: the reference),
#   3. through the gateway (auth, parse, validate, route, translate, credential, metering hooks),
#   4. through the gateway's "reliable" pool (ModelPool load balancer, openai first, nothing failing),
#   5. through the gateway's "consensus" fan-out (3 members in parallel, majority vote): 3 upstream calls each,
#   6. through a peer, Portkey's open-source gateway 1.15.2 from npm (src/bench/portkey.sh: installed once into
#      ~/.cache/camel-gateway-bench, pinned to its repository's lockfile), sent on to the simulator's OpenAI API.
# All of them run in one go on this machine, so compare them with each other, not across machines.
#   saturation: wrk, 1 thread, 16 connections, DURATION seconds each
#   fixed rate: OpenLoopLoad, RATE (1,000) req/s evenly spaced, open loop (latency from when each request was due,
#     after 2 s of warm-up at the rate), DURATION seconds each (p50 / p99), and the CPU time the serving process
#     spent per request (user + system): the figure other load on the machine moves least. (hey's -q paces each of
#     its workers on its own ticker, so its 10 workers send in bursts of 10: queueing that the rate alone would
#     not cause.)
# Usage: [WARMUP=30] [RATE=1000] [PATHS="direct gateway portkey"] [SIM_PORT=19090 GW_PORT=18080 PASS_PORT=18082] src/bench/overhead.sh [duration-seconds]   (builds the jar if needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-15}
SIM_PORT=${SIM_PORT:-19090} GW_PORT=${GW_PORT:-18080} PASS_PORT=${PASS_PORT:-18082}
source src/bench/common.sh
source src/bench/portkey.sh
PATHS=${PATHS:-"direct passthrough gateway portkey pool fanout"}   # PATHS="direct passthrough gateway" measures fewer
need wrk
build_jars
CP=$JAR:$TESTS_JAR
write_gateway_yaml $SIM_PORT openai anthropic gemini
mkdir -p "$WORK/passthrough"
cat > "$WORK/passthrough/passthrough.camel.yaml" <<YAML
- route:
    id: bare-passthrough
    from:
      uri: "netty-http:http://127.0.0.1:$PASS_PORT/v1/chat/completions"
      steps:
        - removeHeaders:
            pattern: "*"
            excludePattern: "Content-Type|CamelHttpMethod"
        - setHeader:
            name: Authorization
            constant: "Bearer bench-provider-key"
        # The gateway sets an allow-list header filter on the netty-http component; a plain proxy needs the default.
        - to: "netty-http:http://127.0.0.1:$SIM_PORT/v1/chat/completions?bridgeEndpoint=true&headerFilterStrategy=#class:org.apache.camel.component.netty.http.NettyHttpHeaderFilterStrategy"
YAML

run_in_background sim java $JAVA_OPTS -cp "$CP" io.camelgateway.simulator.ProviderSimulator --port $SIM_PORT
SIM_PID=$LAST_PID
run_in_background gateway env GATEWAY_CONFIG="$WORK/gateway.yaml" GATEWAY_API_KEYS=bench-caller-key GATEWAY_PORT=$GW_PORT \
  java $JAVA_OPTS -jar $JAR
GW_PID=$LAST_PID
run_in_background passthrough env GATEWAY_CONFIG="$WORK/gateway.yaml" GATEWAY_ROUTES_DIR="$WORK/passthrough" \
  java $JAVA_OPTS -jar $JAR
PASS_PID=$LAST_PID
PORTKEY_PORT=18787 PORTKEY_PID=
if [[ " $PATHS " == *" portkey "* ]]; then start_portkey $PORTKEY_PORT; fi
wait_for http://127.0.0.1:$SIM_PORT/v1/models
wait_for http://127.0.0.1:$GW_PORT/health/live
[ -z "$PORTKEY_PID" ] || wait_for http://127.0.0.1:$PORTKEY_PORT/
sleep 3

declare -A MODEL=([direct]=gpt-4o-mini [passthrough]=gpt-4o-mini [gateway]=openai/gpt-4o-mini [pool]=reliable
                  [fanout]=consensus [portkey]=gpt-4o-mini)
# Portkey is told by headers where to send a request: OpenAI's API at the simulator's address.
declare -A EXTRA_HEADERS=([portkey]="x-portkey-provider: openai
x-portkey-custom-host: http://127.0.0.1:$SIM_PORT/v1")
body() { echo "{\"model\":\"${MODEL[$1]}\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello in five words\"}],\"max_tokens\":16}"; }
for path in $PATHS; do
cat > "$WORK/post-$path.lua" <<LUA
wrk.method = "POST"
wrk.body = '$(body $path)'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
$(while IFS=': ' read -r name value; do
    if [ -n "$name" ]; then echo "wrk.headers[\"$name\"] = \"$value\""; fi
  done <<< "${EXTRA_HEADERS[$path]:-}")
LUA
done
header_args() { # PATH: the path's extra headers as -H arguments, one an element of $HEADER_ARGS
  HEADER_ARGS=()
  while IFS= read -r line; do
    if [ -n "$line" ]; then HEADER_ARGS+=(-H "$line"); fi
  done <<< "${EXTRA_HEADERS[$1]:-}"
}
declare -A URL=([direct]=http://127.0.0.1:$SIM_PORT/v1/chat/completions
                [passthrough]=http://127.0.0.1:$PASS_PORT/v1/chat/completions
                [gateway]=http://127.0.0.1:$GW_PORT/v1/chat/completions
                [pool]=http://127.0.0.1:$GW_PORT/v1/chat/completions
                [fanout]=http://127.0.0.1:$GW_PORT/v1/chat/completions
                [portkey]=http://127.0.0.1:$PORTKEY_PORT/v1/chat/completions)
declare -A KEY=([direct]=bench-provider-key [passthrough]=unused [gateway]=bench-caller-key [pool]=bench-caller-key
                [fanout]=bench-caller-key [portkey]=bench-provider-key)

check() { # every path must answer 200 before it is measured (the JVMs may still be starting)
  header_args "$1"
  for _ in $(seq 1 60); do
    code=$(curl -s --max-time 5 -o "$WORK/check.json" -w '%{http_code}' "${HEADER_ARGS[@]}" -H 'Content-Type: application/json' \
      -H "Authorization: Bearer ${KEY[$1]}" -d "$(body $1)" "${URL[$1]}" || true)
    [ "$code" = 200 ] && return 0
    sleep 0.5
  done
  echo "$1 answered $code: $(cat "$WORK/check.json")"; exit 1
}
saturate() { # prints req/s; a run with any non-2xx answer stops the benchmark
  BENCH_KEY=${KEY[$1]} wrk -t1 -c16 -d"${2}s" -s "$WORK/post-$1.lua" "${URL[$1]}" > "$WORK/wrk-$1.txt"
  if grep -q "Non-2xx" "$WORK/wrk-$1.txt"; then echo "$1: $(grep Non-2xx "$WORK/wrk-$1.txt")" >&2; exit 1; fi
  awk '/Requests\/sec/ {print $2}' "$WORK/wrk-$1.txt"
}
one_connection() { # prints "p50_ms p99_ms": one request at a time, so no queueing, only the path itself
  BENCH_KEY=${KEY[$1]} wrk -t1 -c1 -d"${2}s" --latency -s "$WORK/post-$1.lua" "${URL[$1]}" > "$WORK/wrk1-$1.txt"
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
       / 50%/ {p50 = ms($2)} / 99%/ {p99 = ms($2)} END {printf "%.3f %.3f\n", p50, p99}' "$WORK/wrk1-$1.txt"
}
# The process that serves a path: its CPU per request is the figure least moved by other load on the machine.
declare -A SERVER=([direct]=$SIM_PID [passthrough]=$PASS_PID [gateway]=$GW_PID [pool]=$GW_PID [fanout]=$GW_PID [portkey]=$PORTKEY_PID)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
RATE=${RATE:-1000}
fixed_rate() { # PATH SECONDS: prints "p50_ms p99_ms non2xx cpu_us_per_request"
  local before line
  if [ ! -f "$WORK/prompts.txt" ]; then
    awk -v n=$(( RATE * (DURATION + 2) )) 'BEGIN { for (i = 0; i < n; i++) print "Say hello in five words" }' \
      > "$WORK/prompts.txt"
  fi
  before=$(cpu_ticks "${SERVER[$1]}")
  local headers=()
  while IFS= read -r h; do [ -z "$h" ] || headers+=("$h"); done <<< "${EXTRA_HEADERS[$1]:-}"
  line=$(java -Dbench.warmup=2 -cp "$CP" io.camelgateway.bench.OpenLoopLoad "${URL[$1]}" "${KEY[$1]}" "${MODEL[$1]}" \
    "$RATE" "$2" "$WORK/prompts.txt" 0 "${headers[@]}")
  echo "$line" | awk -v ticks=$(( $(cpu_ticks "${SERVER[$1]}") - before )) -v hz="$(getconf CLK_TCK)" -v warm=$(( RATE * 2 )) \
    '{printf "%s %s %d %.0f\n", $5, $6, $3 + $4, ticks / hz * 1e6 / ($1 + warm)}'
}

for path in $PATHS; do check $path; done
# The JIT needs tens of seconds of load before figures settle; the gateway has the most code to compile.
echo "warming up (${WARMUP:-30} s each)"
for path in $PATHS; do saturate $path "${WARMUP:-30}" > /dev/null; done

declare -A RPS P50 P99 BAD CPU S50 S99
for path in $PATHS; do
  RPS[$path]=$(saturate $path "$DURATION")
  read -r P50[$path] P99[$path] BAD[$path] CPU[$path] < <(fixed_rate $path "$DURATION")
  read -r S50[$path] S99[$path] < <(one_connection $path 10)
done

echo
echo "Overhead benchmark: small non-streamed chat, ${DURATION}s per measurement, $(nproc) cores shared by load, gateway and simulator"
printf '%-12s %12s | %-38s | %-27s\n' "" "saturation" "$RATE req/s (open loop)" "one connection (wrk -c1)"
printf '%-12s %12s | %8s %8s %9s %10s | %13s %13s\n' path "req/s" "p50 ms" "p99 ms" "non-200" "CPU µs/req" \
  "p50 ms" "p99 ms"
for path in $PATHS; do
  printf '%-12s %12.0f | %8s %8s %9s %10s | %13s %13s\n' $path "${RPS[$path]}" "${P50[$path]}" "${P99[$path]}" \
    "${BAD[$path]}" "${CPU[$path]}" "${S50[$path]}" "${S99[$path]}"
done
awk -v g="${RPS[gateway]}" -v d="${RPS[direct]}" -v p="${RPS[passthrough]:-0}" \
    -v g50="${P50[gateway]}" -v d50="${P50[direct]}" -v g99="${P99[gateway]}" -v d99="${P99[direct]}" 'BEGIN {
  printf "gateway / direct throughput:      %.2fx\n", g / d
  if (p > 0) printf "gateway / pass-through throughput: %.2fx\n", g / p
  printf "overhead at the fixed rate: p50 %+.2f ms, p99 %+.2f ms\n", g50 - d50, g99 - d99 }'
if [[ " $PATHS " == *" portkey "* ]]; then
awk -v g="${RPS[gateway]}" -v k="${RPS[portkey]}" -v d="${RPS[direct]}" -v k50="${P50[portkey]}" -v d50="${P50[direct]}" \
    -v k99="${P99[portkey]}" -v d99="${P99[direct]}" -v s50="${S50[portkey]}" -v ds50="${S50[direct]}" 'BEGIN {
  printf "peer (Portkey %s) / direct throughput: %.2fx; gateway / peer: %.2fx\n", "'$PORTKEY_VERSION'", k / d, g / k
  printf "peer overhead at the fixed rate: p50 %+.2f ms, p99 %+.2f ms; on one connection p50 %+.3f ms\n", k50 - d50, k99 - d99, s50 - ds50 }'
fi
if [[ " $PATHS " == *" pool "* && " $PATHS " == *" fanout "* ]]; then
awk -v g="${RPS[gateway]}" -v p="${RPS[pool]}" -v f="${RPS[fanout]}" -v d="${RPS[direct]}" 'BEGIN {
  printf "pool / single model throughput:    %.2fx\n", p / g
  printf "fan-out (3 members) / direct:      %.2fx (3 upstream calls per request)\n", f / d }'
fi
awk -v g50="${S50[gateway]}" -v d50="${S50[direct]}" -v g99="${S99[gateway]}" -v d99="${S99[direct]}" 'BEGIN {
  printf "overhead on one connection:  p50 %+.3f ms, p99 %+.3f ms\n", g50 - d50, g99 - d99 }'
