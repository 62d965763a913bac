#!/usr/bin/env bash
# Start-up time: from launching the README's first command (java @src/main/jvm.options -jar ..., the embedded default
# configuration) to the first 200 on /v1/models, RUNS times each (default 5), in turns:
#   fresh     a new data folder (the store is created and every migration runs)
#   existing  the data folder of the run before (the migrations are only validated)
#   appcds    as fresh, with the class-data archive of one training run (docs/operations.md#faster-start-up)
#   plain     as fresh, with -XX:+UseParallelGC alone instead of jvm.options (the JIT's default thresholds)
# Each run prints its time, the CPU time the process (and of it the JIT's compiler threads) had used by then, and
# where the time went (from the timestamps of the gateway's log lines, src/bench/startup_probe.py), and the time to
# the first 200 on /health/ready, once the local models have loaded in the background; then the medians per mode.
# Usage: src/bench/startup.sh [runs, 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
source src/bench/common.sh
RUNS=${1:-5}
PORT=18780
build_jars when-stale
COMMAND=(java @src/main/jvm.options -jar "$JAR")
ARCHIVE=$WORK/gateway.jsa

# the training run that writes the archive: the gateway starts, answers, and stops after a few seconds
GATEWAY_API_KEYS=dev-key GATEWAY_PORT=$PORT GATEWAY_DATA_DIR="$WORK/train-data" \
  java -XX:ArchiveClassesAtExit="$ARCHIVE" -Dcamel.main.durationMaxSeconds=8 @src/main/jvm.options -jar "$JAR" \
  > "$WORK/train.log" 2>&1 &
TRAIN=$!
PIDS+=("$TRAIN")
wait_for http://127.0.0.1:$PORT/health/live
curl -s -o /dev/null -H 'Authorization: Bearer dev-key' http://127.0.0.1:$PORT/v1/models # its classes too
wait "$TRAIN" || { echo "the training run failed:"; tail -20 "$WORK/train.log"; exit 1; }

probe() { # MODE DATA_DIR JAVA_OPTION...
  local mode=$1 data=$2
  shift 2
  echo "$mode $(python3 src/bench/startup_probe.py $PORT "$WORK/$mode.log" "$data" -- \
    java "$@" -jar "$JAR")" | tee -a "$WORK/results"
}
echo "command: GATEWAY_API_KEYS=dev-key ${COMMAND[*]} (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
for i in $(seq 1 "$RUNS"); do
  probe fresh "$WORK/data-$i" @src/main/jvm.options
  probe existing "$WORK/data-$i" @src/main/jvm.options
  probe appcds "$WORK/cds-data-$i" -XX:SharedArchiveFile="$ARCHIVE" @src/main/jvm.options
  probe plain "$WORK/plain-data-$i" -XX:+UseParallelGC
done
python3 - "$WORK/results" <<'PY'
import json, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    mode, result = (line.rstrip("\n") + " ").split(" ", 1)
    try:
        runs.setdefault(mode, []).append(json.loads(result))
    except ValueError:  # the probe itself failed: its error is above
        runs.setdefault(mode, []).append({"error": "no result"})
print("\nmedians (ms; cpu in s)")
for mode, results in runs.items():
    ok = [r for r in results if "error" not in r]
    if not ok:
        print(f"{mode:9} no run answered")
        continue
    phases = {p: round(statistics.median(r["phases_ms"].get(p, 0) for r in ok)) for p in ok[0]["phases_ms"]}
    print(f"{mode:9} first 200 {round(statistics.median(r['first_200_ms'] for r in ok))} ms, "
          f"cpu {statistics.median(r['cpu_s'] for r in ok):.2f} s (jit {statistics.median(r['jit_cpu_s'] for r in ok):.2f}), "
          f"ready {round(statistics.median(r['ready_ms'] for r in ok))} ms ({len(ok)}/{len(results)} runs): "
          + ", ".join(f"{p} {v}" for p, v in phases.items()))
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
