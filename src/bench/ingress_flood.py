#!/usr/bin/env python3
"""Unauthenticated load on a running gateway (loopback only), as issue 9 found it:
  1. UPLOADS clients without a key each start a chunked upload of up to 4 MB and never finish it, while
     PROBES authenticated chat requests run one after another: how many probes succeed, and how fast the
     uploaders get their 401;
  2. IDLE connections that never ask anything are opened and held, then /health/live is asked PROBES times.
Usage: src/bench/ingress_flood.py PORT KEY [UPLOADS=300] [IDLE=1100] [PROBES=12]
(src/bench/ingress_flood.sh starts a simulator and a gateway with a small heap and `ulimit -n 1024` first.)
Every loop is bounded in count and time."""
import json
import socket
import sys
import threading
import time

HOST = "127.0.0.1"


def chat_probe(port, key):
    body = json.dumps({"model": "openai/gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]})
    request = (f"POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer {key}\r\n"
               f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}")
    return status_of(port, request)


def health_probe(port):
    return status_of(port, "GET /health/live HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n")


def status_of(port, request, timeout=10):
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as s:
            s.sendall(request.encode())
            line = s.makefile("rb").readline().decode(errors="replace")
            return int(line.split()[1]) if line.startswith("HTTP/") else "no answer"
    except OSError as e:
        return type(e).__name__


def never_finished_upload(port, results, deadline):
    """Sends 64 KB chunks up to 4 MB and never the last one; records the answer and how long it took."""
    start = time.monotonic()
    try:
        s = socket.create_connection((HOST, port), timeout=5)
    except OSError as e:
        results.append((type(e).__name__, 0))
        return
    chunk = b"10000\r\n" + b"x" * 0x10000 + b"\r\n"
    try:
        s.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n")
        s.setblocking(False)
        sent, answer = 0, b""
        while time.monotonic() < deadline and b"\r\n" not in answer:
            if sent < 4 * 1024 * 1024:
                try:
                    sent += s.send(chunk)
                except BlockingIOError:
                    pass
            try:
                data = s.recv(4096)
                if not data:
                    break
                answer += data
            except BlockingIOError:
                time.sleep(0.01)
        status = int(answer.split()[1]) if answer.startswith(b"HTTP/") else "no answer"
        results.append((status, time.monotonic() - start))
    except OSError as e:
        results.append((type(e).__name__, time.monotonic() - start))
    finally:
        s.close()


def main():
    port, key = int(sys.argv[1]), sys.argv[2]
    uploads = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    idle = int(sys.argv[4]) if len(sys.argv) > 4 else 1100
    probes = int(sys.argv[5]) if len(sys.argv) > 5 else 12

    results, threads = [], []
    deadline = time.monotonic() + 30
    for _ in range(uploads):
        t = threading.Thread(target=never_finished_upload, args=(port, results, deadline))
        t.start()
        threads.append(t)
    probe_answers = [chat_probe(port, key) for _ in range(probes)]
    for t in threads:
        t.join()
    statuses = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    took = sorted(t for s, t in results if s == 401)
    print(f"uploads without a key: {uploads}, answers {statuses}"
          + (f", 401 after p50 {took[len(took) // 2] * 1000:.0f} ms, max {took[-1] * 1000:.0f} ms" if took else ""))
    print(f"authenticated probes during the uploads: {probe_answers.count(200)}/{probes} answered 200 {probe_answers}")

    held = []
    for _ in range(idle):
        try:
            held.append(socket.create_connection((HOST, port), timeout=5))
        except OSError as e:
            held.append(None)
            if held.count(None) == 1:
                print(f"opening idle connections: {type(e).__name__}: {e}")
    opened = sum(1 for s in held if s is not None)
    answers = []
    for _ in range(probes):
        time.sleep(0.5)
        answers.append(health_probe(port))
    print(f"idle connections opened: {opened}/{idle}; /health/live meanwhile: {answers.count(200)}/{probes} "
          f"answered 200 {answers}")
    for s in held:
        if s is not None:
            s.close()


if __name__ == "__main__":
    main()
