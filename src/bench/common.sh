# Sourced by the benchmarks in src/bench, from the repository's root: a scratch folder $WORK, the processes a
# benchmark starts (ended on exit, with $WORK), the tools and jars it needs, a gateway.yaml whose providers are the
# provider simulator, and a wait until a process answers.
JAR=target/camel-llm-gateway.jar
TESTS_JAR=target/camel-llm-gateway-tests.jar
# ParallelGC: on 2 cores it gave the gateway about twice the throughput of G1, the default (docs/benchmarks.md);
# the heap is fixed so that only what is reachable can grow. BENCH_JAVA_OPTS replaces them, e.g. with
# "-Xms512m -Xmx512m @src/main/jvm.options" to measure the README's options.
JAVA_OPTS=${BENCH_JAVA_OPTS:-"-Xms512m -Xmx512m -XX:+UseParallelGC"}
WORK=$(mktemp -d)
PIDS=()
KEPT=() # pairs: a file in $WORK, where to copy it on exit

cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done # a gateway writes its audit log as it stops
  for ((i = 0; i < ${#KEPT[@]}; i += 2)); do cp "${KEPT[i]}" "${KEPT[i + 1]}" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# keep_on_exit FILE DESTINATION: copies FILE out of $WORK once its processes have ended.
keep_on_exit() { KEPT+=("$1" "$2"); }

# need TOOL: installs the package of that name when the command is missing.
need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "installing $1"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
}

# build_jars [when-stale]: builds $JAR and $TESTS_JAR when either is missing or, with when-stale, older than a source.
build_jars() {
  if [ ! -f "$JAR" ] || [ ! -f "$TESTS_JAR" ] || { [ "${1:-}" = when-stale ] \
       && [ -n "$(find src/main src/test routes pom.xml \( -newer "$JAR" -o -newer "$TESTS_JAR" \) -print -quit)" ]; }; then
    echo "building the jars"
    mvn -B -q package -DskipTests
  fi
}

# write_gateway_yaml SIMULATOR_PORT PROVIDER...: $WORK/gateway.yaml with these providers (openai, anthropic,
# gemini), each in its own format on the simulator, sharing the credential in $WORK/openai.key.
write_gateway_yaml() {
  local port=$1 provider base
  shift
  echo "bench-provider-key" > "$WORK/openai.key"
  echo "providers:" > "$WORK/gateway.yaml"
  for provider in "$@"; do
    base=http://127.0.0.1:$port
    [ "$provider" = openai ] && base=$base/v1
    cat >> "$WORK/gateway.yaml" <<YAML
  $provider:
    format: $provider
    baseUrl: $base
    credential: file:$WORK/openai.key
YAML
  done
}

# run_in_background NAME COMMAND...: runs the command with its output in $WORK/NAME.log, ended on exit;
# its pid is in $LAST_PID. A gateway started so has its own data folder (store, audit log) in $WORK/NAME-data.
run_in_background() {
  local name=$1
  shift
  GATEWAY_DATA_DIR="$WORK/$name-data" "$@" > "$WORK/$name.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

# wait_for URL: until the URL answers, at most a minute; stops the benchmark (with the logs' ends) if it does not,
# or if a process it started ends first.
wait_for() {
  local p log
  for _ in $(seq 1 120); do
    curl -s -o /dev/null "$1" && return 0
    for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null || break 2; done
    sleep 0.5
  done
  echo "no answer from $1"
  for log in "$WORK"/*.log; do echo "--- $(basename "$log"):"; tail -20 "$log"; done
  exit 1
}
