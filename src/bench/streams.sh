#!/usr/bin/env bash
# Streams at scale: N streamed chat requests (default 10,000) held open at once, each on its own connection, all opened
# before the provider simulator sends any stream's first event (its holdStreams), then released together
# (io.camelgateway.bench.HeldStreamsLoad). For each path, with a fresh simulator:
#   direct   straight to the simulator (the floor),
#   gateway  through the gateway,
#   portkey  through the peer, Portkey's open-source gateway 1.15.2 (src/bench/portkey.sh); not in the default run,
#            which it would make longer than 3 minutes: PATHS="direct gateway portkey".
# It prints, per path: the streams that ended whole (a 200, the whole text, data: [DONE] last); the time to first token
# of PROBES streams sent one after another while the N are held (from the connect to the first token; the goal: the
# gateway at most 50 ms p50 over direct at 5,000 held); the first token after the release (all N at once) and when
# the last stream ended; and for the server in the middle, before the load, while the N are held and after they
# ended: the gateway's live heap after a full GC (jcmd GC.class_histogram collects first; Portkey's resident memory
# instead), its threads and its open files. Goals (issue 14): 10,000 all whole, live heap under 1 GiB, threads flat.
# The gateway holds two sockets a stream (the caller's and the provider's), so N streams need 2N open files: the
# script raises the file limit to the hard limit (ulimit -Hn), and says so when that is too low. The gateway's own
# bounds are raised to fit N: client connections (GATEWAY_MAX_CONNECTIONS, itself at most half the file limit) and
# connections to one provider host (GATEWAY_UPSTREAM_MAX_CONNECTIONS_PER_HOST, 1,000 by default: all N go to the
# simulator), and the wait for a first token and the whole answer (firstByteTimeout, requestTimeout: 120 s by default)
# outlast the hold.
# Usage: [PATHS="direct gateway portkey"] [PROBES=200] src/bench/streams.sh [streams]   (builds the jars when stale)
set -euo pipefail
cd "$(dirname "$0")/../.."
STREAMS=${1:-10000}
PROBES=${PROBES:-200}
PATHS=${PATHS:-"direct gateway"}
SIM_PORT=19290 GW_PORT=18280 PORTKEY_PORT=18288
source src/bench/common.sh
source src/bench/portkey.sh
keep_on_exit "$WORK/gateway.log" target/streams-gateway.log

command -v jcmd >/dev/null || { echo "jcmd not found: the benchmark needs a JDK, not only a JRE"; exit 1; }
ulimit -n "$(ulimit -Hn)"
FILES_LIMIT=$(ulimit -n)
if [ "$FILES_LIMIT" != unlimited ] && (( 2 * STREAMS + 200 > FILES_LIMIT )); then
  echo "note: $STREAMS streams through a proxy need about $((2 * STREAMS + 200)) open files; this machine allows" \
       "$FILES_LIMIT (hard limit), so some streams will fail for want of a file in the gateway or the peer"
fi
build_jars when-stale
write_gateway_yaml $SIM_PORT openai
printf '    requestTimeout: 10m\n    firstByteTimeout: 10m\n' >> "$WORK/gateway.yaml"
CP=$JAR:$TESTS_JAR
SIM_URL=http://127.0.0.1:$SIM_PORT
BODY='{"model":"MODEL","stream":true,"messages":[{"role":"user","content":"Say hello in five words"}]}'

# forget PID: a process that has ended or was stopped, so that wait_for no longer waits on it.
forget() {
  local kept=() p
  for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || kept+=("$p"); done
  PIDS=("${kept[@]}")
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; forget "$1"; }

# server_state PID KIND: "memory-MB threads open-files"; memory is the live heap after a full GC for a JVM, the
# resident set for Node.js.
server_state() {
  local memory
  if [ "$2" = java ]; then
    memory=$(jcmd "$1" GC.class_histogram | awk '/^Total/ {printf "%.1f", $3 / 1048576}')
  else
    memory=$(awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status")
  fi
  echo "$memory $(awk '/^Threads/ {print $2}' "/proc/$1/status") $(ls "/proc/$1/fd" | wc -l)"
}

# CPU seconds (user + system) a process has used: per stream, the figure other load on the machine moves least.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
cpu_ms_per_stream() { awk -v a="$1" -v b="$2" -v n="$STREAMS" 'BEGIN {printf "%.2f", (b - a) * 1000 / n}'; }

declare -A RESULT STATE CPU
measure() {
  local path=$1 url key model server kind headers=()
  run_in_background "sim-$path" java $JAVA_OPTS -cp "$CP" io.camelgateway.simulator.ProviderSimulator --port $SIM_PORT
  local sim=$LAST_PID
  wait_for $SIM_URL/v1/models
  case $path in
    direct)
      url=$SIM_URL/v1/chat/completions key=bench-provider-key model=gpt-4o-mini server= kind= ;;
    gateway)
      run_in_background gateway env GATEWAY_CONFIG="$WORK/gateway.yaml" GATEWAY_API_KEYS=bench-caller-key \
        GATEWAY_PORT=$GW_PORT GATEWAY_MAX_CONNECTIONS=$((STREAMS + 16)) \
        GATEWAY_UPSTREAM_MAX_CONNECTIONS_PER_HOST=$((STREAMS + 16)) java $JAVA_OPTS -jar $JAR
      server=$LAST_PID kind=java
      wait_for http://127.0.0.1:$GW_PORT/health/live
      url=http://127.0.0.1:$GW_PORT/v1/chat/completions key=bench-caller-key model=openai/gpt-4o-mini ;;
    portkey)
      start_portkey $PORTKEY_PORT
      server=$PORTKEY_PID kind=node
      wait_for http://127.0.0.1:$PORTKEY_PORT/
      url=http://127.0.0.1:$PORTKEY_PORT/v1/chat/completions key=bench-provider-key model=gpt-4o-mini
      headers=("x-portkey-provider: openai" "x-portkey-custom-host: $SIM_URL/v1") ;;
    *) echo "unknown path $path (direct, gateway, portkey)"; exit 2 ;;
  esac
  # One stream first, so that "before" is a server that has answered (its lazy parts loaded), and a check of the path.
  local curl_headers=()
  for h in "${headers[@]}"; do curl_headers+=(-H "$h"); done
  if ! curl -sf --max-time 30 -o "$WORK/first-$path.txt" -H 'Content-Type: application/json' "${curl_headers[@]}" \
       -H "Authorization: Bearer $key" -d "${BODY/MODEL/$model}" "$url" || ! tail -2 "$WORK/first-$path.txt" | grep -q '\[DONE\]'; then
    echo "$path: the first stream failed: $(head -c 300 "$WORK/first-$path.txt")"; exit 1
  fi
  [ -z "$server" ] || STATE[$path,before]=$(server_state "$server" $kind)

  rm -f "$WORK/release-$path"
  local cpu0 cpu1 cpu1b cpu2 sim0 sim1 sim1b sim2
  sim0=$(cpu_seconds "$sim") cpu0=$([ -z "$server" ] || cpu_seconds "$server")
  run_in_background "load-$path" java -Xmx256m -XX:+UseParallelGC -cp "$CP" io.camelgateway.bench.HeldStreamsLoad \
    "$url" "$key" "$model" "$STREAMS" "$PROBES" "$SIM_URL" "$WORK/release-$path" "${headers[@]}"
  local load=$LAST_PID
  until grep -qs '^held-streams ready' "$WORK/load-$path.log"; do
    kill -0 "$load" 2>/dev/null || { echo "$path: the load ended early:"; tail -5 "$WORK/load-$path.log"; exit 1; }
    sleep 0.5
  done
  sim1=$(cpu_seconds "$sim") cpu1=$([ -z "$server" ] || cpu_seconds "$server")
  [ -z "$server" ] || STATE[$path,during]=$(server_state "$server" $kind)
  sim1b=$(cpu_seconds "$sim") cpu1b=$([ -z "$server" ] || cpu_seconds "$server")
  touch "$WORK/release-$path"
  wait "$load" || { echo "$path: the load failed:"; tail -5 "$WORK/load-$path.log"; exit 1; }
  forget "$load"
  sim2=$(cpu_seconds "$sim") cpu2=$([ -z "$server" ] || cpu_seconds "$server")
  [ -z "$server" ] || STATE[$path,after]=$(server_state "$server" $kind)
  # opening (with the probes) and the release; the heap measurement between them (a full GC) is left out
  CPU[$path]="$(cpu_ms_per_stream "$sim0" "$sim1") $(cpu_ms_per_stream "$sim1b" "$sim2")"
  [ -z "$server" ] || CPU[$path]+=" $(cpu_ms_per_stream "$cpu0" "$cpu1") $(cpu_ms_per_stream "$cpu1b" "$cpu2")"
  grep '^held-streams' "$WORK/load-$path.log" | sed "s/^held-streams/  $path:/"
  RESULT[$path]=$(awk '/^held-streams opened/ {opened = $6}
    /^held-streams probe-ttft-ms/ {p50 = $4; p99 = $6}
    /^held-streams released/ {r50 = $10; r99 = $13; last = $17}
    /^held-streams whole/ {whole = $3}
    END {print whole, opened, p50, p99, r50, r99, last}' "$WORK/load-$path.log")
  [ -z "$server" ] || stop "$server"
  stop "$sim"
}

echo "streams: $STREAMS held at once per path ($PATHS), $PROBES probes each, open-file limit $FILES_LIMIT, $(nproc) cores"
for path in $PATHS; do
  echo "$path:"
  measure "$path"
done

echo
echo "Held streams: $STREAMS at once, opened before any first event, then released together"
printf '%-8s %13s %8s | %-21s | %-27s | %-22s %-16s %-17s\n' "" "whole" "open s" "TTFT while held, ms" \
  "after the release" "memory MB" "threads" "open files"
printf '%-8s %13s %8s | %10s %10s | %8s %8s %9s | %-22s %-16s %-17s\n' path "" "" p50 p99 "p50 ms" "p99 ms" "end s" \
  "before/held/after" "before/held/after" "before/held/after"
for path in $PATHS; do
  read -r whole opened p50 p99 r50 r99 last <<< "${RESULT[$path]}"
  memory=- threads=- files=-
  if [ -n "${STATE[$path,before]:-}" ]; then
    read -r m1 t1 f1 <<< "${STATE[$path,before]}"
    read -r m2 t2 f2 <<< "${STATE[$path,during]}"
    read -r m3 t3 f3 <<< "${STATE[$path,after]}"
    memory="$m1/$m2/$m3" threads="$t1/$t2/$t3" files="$f1/$f2/$f3"
  fi
  printf '%-8s %13s %8s | %10s %10s | %8s %8s %9s | %-22s %-16s %-17s\n' "$path" "$whole/$STREAMS" "$opened" "$p50" \
    "$p99" "$r50" "$r99" "$last" "$memory" "$threads" "$files"
done
echo "(memory: the gateway's live heap after a full GC; Portkey's resident set)"
echo "CPU per stream (user + system ms), while they open (with the probes) / after the release:"
for path in $PATHS; do
  read -r s_open s_release m_open m_release <<< "${CPU[$path]}"
  printf '  %-8s simulator %6s / %-6s' "$path" "$s_open" "$s_release"
  [ -z "${m_open:-}" ] || printf '   %s %6s / %-6s' "$path" "$m_open" "$m_release"
  echo
done
if [[ " $PATHS " == *" direct "* ]]; then
  read -r _ _ d50 d99 _ <<< "${RESULT[direct]}"
  for path in gateway portkey; do
    [[ " $PATHS " == *" $path "* ]] || continue
    read -r _ _ p50 p99 _ <<< "${RESULT[$path]}"
    awk -v p="$path" -v a="$p50" -v b="$d50" -v c="$p99" -v d="$d99" -v n="$STREAMS" 'BEGIN {
      printf "%s time to first token over direct, %d held: p50 %+.2f ms, p99 %+.2f ms%s\n", p, n, a - b, c - d,
        p == "gateway" ? " (goal: at most +50 ms p50 at 5,000 held)" : "" }'
  done
fi
