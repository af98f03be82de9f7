#!/usr/bin/env python3
"""When a remote build's first byte reaches the server after exec (issue 16, "connects at once").

usage: first_byte.py UPSTREAM_PORT RUNS COMMAND... (COMMAND may hold {url}, replaced by the proxy's)
Puts a loopback TCP proxy in front of 127.0.0.1:UPSTREAM_PORT, runs COMMAND RUNS times as a
whole process and prints, per run and as medians, the time from exec to the first byte the
client sent and to the process's end. The proxy's threads end with this process; loopback only.
"""
import socket, statistics, subprocess, sys, threading, time

first = None
lock = threading.Lock()


def pump(src, dst, counted):
    global first
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if counted:
                with lock:
                    if first is None:
                        first = time.monotonic()
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(listener, upstream):
    while True:
        c, _ = listener.accept()
        u = socket.create_connection(("127.0.0.1", upstream))
        threading.Thread(target=pump, args=(c, u, True), daemon=True).start()
        threading.Thread(target=pump, args=(u, c, False), daemon=True).start()


def main():
    global first
    upstream, runs, cmd = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    url = "http://127.0.0.1:%d" % listener.getsockname()[1]
    threading.Thread(target=serve, args=(listener, upstream), daemon=True).start()
    cmd = [a.replace("{url}", url) for a in cmd]
    firsts, walls = [], []
    for _ in range(runs):
        with lock:
            first = None
        start = time.monotonic()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        end = time.monotonic()
        firsts.append((first - start) if first else float("nan"))
        walls.append(end - start)
    print("first byte after exec: %s; median %.3f s; whole process median %.3f s" % (
        ", ".join("%.3f" % f for f in firsts), statistics.median(firsts), statistics.median(walls)))


main()
