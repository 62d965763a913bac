#!/usr/bin/env bash
# Semantic routing at load: chat requests with "model":"auto" whose prompts all differ and all reach tier 2 (no
# keyword of the shipped intents, never the same text twice, so the decision cache never answers), against the
# same requests with an explicit model (openai/gpt-4o-mini), both through the gateway to the provider simulator.
#   saturation: wrk, 1 thread, CONNS connections (64), DURATION seconds each, and the gateway's CPU per request
#     (user + system; the figure other load on the machine moves least)
#   fixed rate: OpenLoopLoad (open loop: latency from when each request was due; up to 2,000 connections, so that a
#     gateway behind sees as many requests waiting as it would from many clients), RATE req/s (1,000), DURATION s:
#     p50 / p99, and the routing overhead (auto minus explicit)
# Goals (issue 14, on 2 cores with the load on the same machine): auto saturation at least 4,000 req/s; routing adds
# at most 5 ms p99 at 1,000 req/s.
# Usage: [WARMUP=20] [CONNS=64] [RATE=1000] src/bench/auto_routing.sh [duration-seconds]
#        src/bench/auto_routing.sh sweep [duration-seconds]   the curve: batch size and wait against auto's
#          saturation and p99 at RATE (SWEEP="size:wait-us ..." to choose the points), one gateway per point
#        GATEWAY_EMBEDDING_INTRA_OP_THREADS=1 GATEWAY_ROUTING_BATCH_WORKERS=2 src/bench/auto_routing.sh [sweep]
#          the same with two batch threads of one ONNX Runtime thread each, in place of one batch thread whose run
#          spreads over ONNX Runtime's own threads
#        GATEWAY_ROUTING_FAST_ENCODER=static src/bench/auto_routing.sh   the static table ahead of MiniLM (the
#          default is MiniLM alone): each gateway distils the table into its fresh data folder first, and the time
#          that took is printed
# Every run in one go on this machine: compare the rows with each other, not across machines.
set -euo pipefail
cd "$(dirname "$0")/../.."
MODE=measure
if [ "${1:-}" = sweep ]; then MODE=sweep; shift; fi
DURATION=${1:-15}
CONNS=${CONNS:-64} RATE=${RATE:-1000} WARMUP=${WARMUP:-20}
SIM_PORT=19290 GW_PORT=18280 # not the ports of overhead.sh or soak.sh, so they can run side by side
source src/bench/common.sh
need wrk
build_jars when-stale
CP=$JAR:$TESTS_JAR
write_gateway_yaml $SIM_PORT openai anthropic gemini
cat >> "$WORK/gateway.yaml" <<YAML
  private:
    format: openai
    baseUrl: http://127.0.0.1:$SIM_PORT/v1
    credential: file:$WORK/openai.key
    models: [llama3.2]
    private: true
models:
  gpt-4o-mini: openai/gpt-4o-mini
  claude-sonnet: anthropic/claude-sonnet-4-5
  gemini-flash: gemini/gemini-2.5-flash
YAML

# Distinct everyday prompts: no keyword or pattern of classifier-models/intents.yaml, a number that makes each one
# new. One a line; each measurement reads lines no other has read.
awk 'BEGIN {
  n = split("my neighbour'"'"'s noisy dog|the old bicycle in the shed|a quiet weekend by the lake|my grandmother'"'"'s " \
    "garden|the coffee machine at the office|a rainy afternoon at home|the new bakery on our street|my first " \
    "marathon|the birthday party for my niece|a long train journey north|the broken fence behind the house|our " \
    "family reunion in the summer", subject, "|")
  m = split("What do you think about %s, story %d?|Tell me something cheerful about %s for day %d.|How would " \
    "you describe %s to a friend, take %d?|Give me three ideas about %s for week %d.|Why do people talk so much " \
    "about %s, question %d?|What should I keep in mind about %s, note %d?", frame, "|")
  for (i = 0; i < 1200000; i++) printf frame[i % m + 1] "\n", subject[int(i / m) % n + 1], i
}' > "$WORK/prompts.txt"
NEXT_PROMPT=0 # the first line of the prompts file no measurement has used yet

run_in_background sim java $JAVA_OPTS -cp "$CP" io.camelgateway.simulator.ProviderSimulator --port $SIM_PORT
wait_for http://127.0.0.1:$SIM_PORT/v1/models
GW_PID=""
start_gateway() { # SIZE WAIT_US: a gateway with these batch settings, in place of the one before
  if [ -n "$GW_PID" ]; then
    kill "$GW_PID"; wait "$GW_PID" 2>/dev/null || true
    local kept=() p
    for p in "${PIDS[@]}"; do [ "$p" = "$GW_PID" ] || kept+=("$p"); done
    PIDS=("${kept[@]}")
  fi
  run_in_background "gateway-$1-$2" env GATEWAY_CONFIG="$WORK/gateway.yaml" GATEWAY_API_KEYS=bench-caller-key \
    GATEWAY_PORT=$GW_PORT GATEWAY_ROUTING_BATCH_MAX_SIZE="$1" GATEWAY_ROUTING_BATCH_MAX_WAIT_US="$2" \
    GATEWAY_ROUTING_BATCH_WORKERS="${GATEWAY_ROUTING_BATCH_WORKERS:-1}" \
    GATEWAY_EMBEDDING_INTRA_OP_THREADS="${GATEWAY_EMBEDDING_INTRA_OP_THREADS:-0}" \
    GATEWAY_ROUTING_FAST_ENCODER="$FAST_ENCODER" java $JAVA_OPTS -jar $JAR
  GW_PID=$LAST_PID
  wait_for http://127.0.0.1:$GW_PORT/health/live
  check auto # the first routed prompt starts the static table
  if [ "$FAST_ENCODER" = static ]; then
    for _ in $(seq 1 300); do grep -q "Static routing table .*\(read\|distilled\)" "$WORK/gateway-$1-$2.log" && break; sleep 1; done
    grep -o "Static routing table .*" "$WORK/gateway-$1-$2.log" || { echo "the static table was not ready in 300 s"; exit 1; }
  fi
  check auto
  check explicit
}
FAST_ENCODER=${GATEWAY_ROUTING_FAST_ENCODER:-none}
URL=http://127.0.0.1:$GW_PORT/v1/chat/completions
declare -A MODEL=([auto]=auto [explicit]=openai/gpt-4o-mini)

check() { # the path answers 200, and for auto, sample prompts are all decided by tier 2 (static, embedding or default)
  local code tiers
  for _ in $(seq 1 60); do
    code=$(curl -s --max-time 30 -o "$WORK/check.json" -w '%{http_code}' -H 'Content-Type: application/json' \
      -H "Authorization: Bearer bench-caller-key" \
      -d "{\"model\":\"${MODEL[$1]}\",\"messages\":[{\"role\":\"user\",\"content\":\"$(sed -n 1p "$WORK/prompts.txt")\"}]}" \
      "$URL" || true)
    [ "$code" = 200 ] && break
    sleep 0.5
  done
  [ "$code" = 200 ] || { echo "$1 answered $code: $(cat "$WORK/check.json")"; exit 1; }
  if [ "$1" = auto ]; then
    tiers=$(sed -n '1,600p' "$WORK/prompts.txt" | awk 'NR % 20 == 0' | while read -r prompt; do
      curl -s -H 'Content-Type: application/json' -H "Authorization: Bearer bench-caller-key" \
        -d "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"$prompt\"}]}" \
        http://127.0.0.1:$GW_PORT/v1/routing/dry-run | sed -E 's/.*"tier":"([a-z]+)".*/\1/'
    done | sort | uniq -c | tr '\n' ' ')
    if [[ "$tiers" == *keyword* || -z "$tiers" ]]; then echo "the prompts must all reach tier 2: $tiers"; exit 1; fi
  fi
}

cat > "$WORK/distinct.lua" <<'LUA'
-- Each request the next line of the prompts file, from line FIRST on.
local prompts, next_line = {}, 0
local model = os.getenv("MODEL")
function init(args)
  local first, count, i = tonumber(os.getenv("FIRST")), tonumber(os.getenv("COUNT")), 0
  for line in io.lines(os.getenv("PROMPTS")) do
    if i >= first + count then break end
    if i >= first then prompts[#prompts + 1] = line end
    i = i + 1
  end
end
function request()
  next_line = next_line + 1
  local body = '{"model":"' .. model .. '","max_tokens":16,"messages":[{"role":"user","content":"'
    .. prompts[(next_line - 1) % #prompts + 1] .. '"}]}'
  return wrk.format("POST", nil, {["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer bench-caller-key"}, body)
end
LUA

cpu_ticks() { awk '{print $14 + $15}' "/proc/$GW_PID/stat"; }
saturate() { # PATH SECONDS: prints "req/s gateway-CPU-µs-per-request"; any non-2xx answer stops the benchmark
  local count=$(( 8000 * $2 )) before # more than the gateway can route in that time, so no prompt comes twice
  before=$(cpu_ticks)
  MODEL=${MODEL[$1]} FIRST=$NEXT_PROMPT COUNT=$count PROMPTS="$WORK/prompts.txt" \
    wrk -t1 -c"$CONNS" -d"${2}s" -s "$WORK/distinct.lua" "$URL" > "$WORK/wrk-$1.txt"
  local ticks=$(( $(cpu_ticks) - before ))
  NEXT_PROMPT=$(( NEXT_PROMPT + count ))
  if grep -q "Non-2xx" "$WORK/wrk-$1.txt"; then echo "$1: $(grep Non-2xx "$WORK/wrk-$1.txt")" >&2; exit 1; fi
  # Only auto needs each prompt once (the decision cache would answer a repeat); an explicit model may repeat them.
  if [ "$1" = auto ] && [ "$(awk '/requests in/ {print $1}' "$WORK/wrk-$1.txt")" -gt "$count" ]; then
    echo "$1: more requests than distinct prompts; raise the count in saturate()" >&2; exit 1
  fi
  awk -v ticks=$ticks -v hz="$(getconf CLK_TCK)" '/requests in/ {n = $1} /Requests\/sec/ {rps = $2}
    END {printf "%.0f %.0f\n", rps, ticks / hz * 1e6 / n}' "$WORK/wrk-$1.txt"
}
fixed_rate() { # PATH SECONDS: prints "p50_ms p99_ms non200+dropped tiers"
  local line
  line=$(java -Dbench.connections=2000 -cp "$CP" io.camelgateway.bench.OpenLoopLoad "$URL" bench-caller-key "${MODEL[$1]}" "$RATE" "$2" \
    "$WORK/prompts.txt" "$NEXT_PROMPT")
  NEXT_PROMPT=$(( NEXT_PROMPT + RATE * $2 ))
  echo "$line" | awk '{printf "%s %s %d %s\n", $5, $6, $3 + $4, $8}'
}

if [ "$MODE" = sweep ]; then
  SWEEP=${SWEEP:-"1:0 8:0 8:1000 16:1000 32:0 32:2000 32:5000 64:2000"}
  printf '\nSemantic routing, the batch curve: auto, %ss per measurement, %s connections, %s cores shared by load, ' \
    "$DURATION" "$CONNS" "$(nproc)"
  echo "gateway and simulator"
  printf '%9s %12s | %17s %11s | %8s %8s %7s  %s\n' max-size max-wait-us "saturation req/s" "CPU µs/req" \
    "p50 ms" "p99 ms" errors "tiers at $RATE req/s"
  for point in $SWEEP; do
    size=${point%%:*} wait_us=${point##*:}
    start_gateway "$size" "$wait_us"
    saturate auto "$WARMUP" > /dev/null
    read -r rps cpu < <(saturate auto "$DURATION")
    read -r p50 p99 bad tiers < <(fixed_rate auto "$DURATION")
    printf '%9s %12s | %17s %11s | %8s %8s %7s  %s\n' "$size" "$wait_us" "$rps" "$cpu" "$p50" "$p99" "$bad" \
      "$tiers"
  done
  exit 0
fi

start_gateway "${GATEWAY_ROUTING_BATCH_MAX_SIZE:-32}" "${GATEWAY_ROUTING_BATCH_MAX_WAIT_US:-2000}"
echo "warming up (${WARMUP} s each)"
for path in explicit auto; do saturate $path "$WARMUP" > /dev/null; done
declare -A RPS CPU P50 P99 BAD TIERS
for path in explicit auto; do
  read -r RPS[$path] CPU[$path] < <(saturate $path "$DURATION")
  read -r P50[$path] P99[$path] BAD[$path] TIERS[$path] < <(fixed_rate $path "$DURATION")
done

echo
echo "Semantic routing benchmark: distinct prompts, all decided by tier 2 (fast encoder: $FAST_ENCODER); ${DURATION}s per measurement, $(nproc) cores" \
  "shared by load, gateway and simulator"
printf '%-9s %-25s | %-44s\n' "" "saturation (wrk -c$CONNS)" "$RATE req/s, open loop"
printf '%-9s %12s %12s | %8s %8s %8s  %s\n' model "req/s" "CPU µs/req" "p50 ms" "p99 ms" errors tiers
for path in explicit auto; do
  printf '%-9s %12s %12s | %8s %8s %8s  %s\n' $path "${RPS[$path]}" "${CPU[$path]}" "${P50[$path]}" "${P99[$path]}" \
    "${BAD[$path]}" "${TIERS[$path]}"
done
awk -v a="${RPS[auto]}" -v e="${RPS[explicit]}" -v ac="${CPU[auto]}" -v ec="${CPU[explicit]}" -v a50="${P50[auto]}" -v e50="${P50[explicit]}" \
    -v a99="${P99[auto]}" -v e99="${P99[explicit]}" 'BEGIN {
  printf "auto / explicit throughput: %.2fx (goal: auto at least 4,000 req/s)\n", a / e
  printf "gateway CPU per request: +%.0f µs for routing\n", ac - ec
  printf "routing overhead at the fixed rate: p50 %+.2f ms, p99 %+.2f ms (goal: p99 at most +5 ms)\n", a50 - e50, a99 - e99 }'
