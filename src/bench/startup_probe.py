"""Starts the gateway once and times it: from the process's launch to the first 200 on /v1/models (polled every
10 ms over a raw socket, so that the poller takes next to no CPU from the start it measures), then where the time
went, from the timestamps of the gateway's own log lines, and the CPU time the process (and, of it, the JIT's compiler
threads) had used by then; then the time to the first 200 on /health/ready (the local models loaded in the
background) and each model's load.

Usage: startup_probe.py PORT LOG DATA_DIR -- COMMAND...   (called by startup.sh, once per run; prints one JSON line)
"""
import json
import os
import re
import socket
import subprocess
import sys
import time

MODELS = (b"GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer dev-key\r\n"
          b"Connection: close\r\n\r\n")
READY = b"GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
# Each phase ends at the first line of the main thread matching its pattern; a phase's time is from the end of the
# one before. The store opens on a thread of its own meanwhile: its own line says how long it took.
PHASES = [
    ("jvm_to_main", r"GatewayMain - "),
    ("camel_main_init", r"MainSupport - Apache Camel \(Main\) .* is starting"),
    ("gateway_configuration", r"(GatewayConfiguration|CredentialSetup) - Provider "),
    ("routes_loaded", r"is using bootstrap configuration|AbstractCamelContext - Apache Camel .* is starting"),
    ("routes_started_http_bound", r"AbstractCamelContext - Apache Camel .* started in"),
]
LINE_TIME = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) ")
STORE_OPENED = re.compile(r"opened and migrated in (\d+) ms")
MODEL_LOADED = re.compile(r"Local model (\S+) loaded in the background in (\d+) ms")


def answered(port, request):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(request)
            head = s.recv(64)
            return head.startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def cpu_seconds(pid):
    """The user and system CPU time of the process and its threads so far (Linux /proc); "PID/task/TID": one thread's."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def compiler_cpu_seconds(pid):
    """The CPU time the JIT's compiler threads have used so far."""
    total = 0.0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/comm") as f:
                if "CompilerThre" not in f.read():
                    continue
            total += cpu_seconds(f"{pid}/task/{task}")
        except OSError:
            pass  # a compiler thread the JVM ended meanwhile
    return total


def seconds_of_day(epoch):
    t = time.localtime(epoch)
    return t.tm_hour * 3600 + t.tm_min * 60 + t.tm_sec + (epoch % 1)


def breakdown(log_text, launched_at):
    """Milliseconds per phase, each from the log line that ends the phase before it."""
    start = seconds_of_day(launched_at)
    ends = {}
    for line in log_text.splitlines():
        m = LINE_TIME.match(line)
        if not m or "[main]" not in line:
            continue
        at = int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3]) + int(m[4]) / 1000
        for name, pattern in PHASES:
            if name not in ends and re.search(pattern, line):
                ends[name] = ((at - start) % 86400) * 1000
    phases, previous = {}, 0.0
    for name, _ in PHASES:
        if name in ends:
            phases[name] = round(ends[name] - previous)
            previous = ends[name]
    return phases, previous


def main():
    port, log_path, data_dir = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    command = sys.argv[sys.argv.index("--") + 1:]
    env = dict(os.environ, GATEWAY_API_KEYS="dev-key", GATEWAY_PORT=str(port), GATEWAY_DATA_DIR=data_dir)
    with open(log_path, "w") as log:
        launched_at = time.time()
        began = time.monotonic()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            while not answered(port, MODELS):
                if process.poll() is not None or time.monotonic() - began > 120:
                    print(json.dumps({"error": "no 200 on /v1/models", "log": log_path}))
                    return 1
                time.sleep(0.01)
            first_200 = (time.monotonic() - began) * 1000
            cpu = cpu_seconds(process.pid)
            jit_cpu = compiler_cpu_seconds(process.pid)
            # the local models load in the background once the gateway answers; /health/ready says when they have
            while not answered(port, READY) and time.monotonic() - began < 120:
                time.sleep(0.05)
            ready = (time.monotonic() - began) * 1000
        finally:
            process.terminate()
            process.wait(30)
    with open(log_path) as f:
        text = f.read()
    phases, last_logged = breakdown(text, launched_at)
    phases["started_to_first_200"] = round(first_200 - last_logged)
    store = STORE_OPENED.search(text)
    if store:
        phases["store_alongside"] = int(store[1])
    models = {m[1]: int(m[2]) for m in MODEL_LOADED.finditer(text)}
    print(json.dumps({"first_200_ms": round(first_200), "cpu_s": round(cpu, 2), "jit_cpu_s": round(jit_cpu, 2),
                      "phases_ms": phases,
                      "ready_ms": round(ready), "models_loaded_ms": models}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
