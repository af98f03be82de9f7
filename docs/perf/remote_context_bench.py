#!/usr/bin/env python3
"""Remote builds of a large context (issue 16), as docs/PERFORMANCE.md reports them.

For each packaged tree given (a repo with ./template-studio and app/target/template-studio.jar),
starts its own `serve` on loopback over a fresh store, puts a byte-counting TCP proxy in front
of it, and runs the CLI (`build --runtime http://proxy`) as a whole process: the first build of
a new context of FILES files of FILE_KB each, cached rebuilds, and rebuilds after one file was
edited. It reports the wall time, the bytes the client sent (request heads and bodies) and when
the first byte reached the proxy after exec. With --buildkit, the same context and copy under
`DOCKER_BUILDKIT=1 docker build` on a private dockerd (its own data root, no network, busybox
imported from the same rootfs). Everything started is ended by pid; only loopback is used.

usage: remote_context_bench.py [--files 2000] [--file-kb 100] [--runs 3] [--buildkit] NAME=TREE...
"""
import argparse, os, random, shutil, socket, statistics, subprocess, sys, tempfile, threading, time

class Proxy:
    """Loopback TCP proxy counting client-to-server bytes and the time of the first one."""
    def __init__(self, upstream):
        self.upstream = upstream
        self.sent = 0
        self.first = None
        self.lock = threading.Lock()
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def reset(self):
        with self.lock:
            self.sent, self.first = 0, None

    def accept(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            s = socket.create_connection(("127.0.0.1", self.upstream))
            threading.Thread(target=self.pump, args=(c, s, True), daemon=True).start()
            threading.Thread(target=self.pump, args=(s, c, False), daemon=True).start()

    def pump(self, src, dst, counted):
        try:
            while True:
                data = src.recv(1 << 16)
                if not data:
                    break
                if counted:
                    with self.lock:
                        if self.first is None:
                            self.first = time.monotonic()
                        self.sent += len(data)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for x in (src, dst):
                try:
                    x.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                x.close()

def run(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    if r.returncode != 0:
        sys.exit("failed (%d): %s\n%s%s" % (r.returncode, " ".join(cmd), r.stdout[-2000:], r.stderr[-2000:]))
    return r

def make_context(ctx, files, kb, seed):
    rnd = random.Random(seed)
    for i in range(files):
        d = os.path.join(ctx, "data", "d%02d" % (i % 20))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "f%04d" % i), "wb") as f:
            f.write(rnd.randbytes(kb * 1024))

def edit_one(ctx, n):
    with open(os.path.join(ctx, "data", "d07", "f0007"), "r+b") as f:
        f.write(("edit %06d" % n).encode())

def row(name, label, xs):
    walls = [x[0] for x in xs]
    sent = statistics.median([x[1] for x in xs])
    first = statistics.median([x[2] for x in xs])
    print("| %s | %s | %s | %s | %s |" % (name, label, fmt(walls),
          "-" if sent != sent else "%.1f MB" % (sent / 1e6) if sent > 1e6 else "%.1f KB" % (sent / 1e3),
          "-" if first != first else "%.3f s" % first), flush=True)

def fmt(xs):
    return "%.2f s (%.2f-%.2f)" % (statistics.median(xs), min(xs), max(xs)) if len(xs) > 1 else "%.2f s" % xs[0]

def bench_tree(name, tree, w, rootfs, args, results):
    ts = os.path.join(tree, "template-studio")
    store = os.path.join(w, name, "store")
    base = os.path.join(w, name, "base")
    os.makedirs(base)
    shutil.copytree(rootfs, os.path.join(base, "rootfs"), symlinks=True)
    with open(os.path.join(base, "bb.template.json"), "w") as f:
        f.write('{"schema":"template-studio/v1","name":"bb","base":{"image":"rootfs:rootfs"},"steps":[]}')
    run([ts, "build", os.path.join(base, "bb.template.json"), "--store", store])
    serve = subprocess.Popen([ts, "serve", "--store", store, "--port", "0"], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    try:
        port = None
        for line in serve.stdout:
            if "serving http://" in line:
                port = int(line.split("serving http://")[1].split()[0].rsplit(":", 1)[1])
                break
        if port is None:
            sys.exit("serve of %s did not start" % name)
        threading.Thread(target=lambda: [None for _ in serve.stdout], daemon=True).start()
        proxy = Proxy(port)
        ctx = os.path.join(w, name, "ctx")
        make_context(ctx, args.files, args.file_kb, name)
        tpl = os.path.join(w, name, "big.template.json")
        with open(tpl, "w") as f:
            f.write('{"schema":"template-studio/v1","name":"big","base":{"template":"bb"},'
                    '"steps":[{"type":"copy","sources":["data/"],"dest":"/data/"}]}')
        cmd = [ts, "build", tpl, "--context", ctx, "--runtime", "http://127.0.0.1:%d" % proxy.port,
               "--token-file", os.path.join(store, "serve", "token")]

        def once(label):
            proxy.reset()
            t0 = time.monotonic()
            run(cmd)
            wall = time.monotonic() - t0
            first = (proxy.first - t0) if proxy.first else float("nan")
            results.setdefault((name, label), []).append((wall, proxy.sent, first))

        once("first build")
        for i in range(args.runs):
            once("cached rebuild")
            edit_one(ctx, i)
            once("one file edited")
    finally:
        serve.terminate()
        try:
            serve.wait(30)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve.wait()

def bench_buildkit(w, rootfs, args, results):
    d = os.path.join(w, "docker")
    os.makedirs(d)
    sock = os.path.join(d, "docker.sock")
    log = open(os.path.join(d, "dockerd.log"), "w")
    dockerd = subprocess.Popen(["dockerd", "--host", "unix://" + sock, "--data-root", os.path.join(d, "root"),
                                "--exec-root", os.path.join(d, "exec"), "--pidfile", os.path.join(d, "pid"),
                                "--iptables=false", "--ip6tables=false", "--bridge=none"], stdout=log, stderr=log)
    try:
        # Debian's CLI (20.10) builds with BuildKit itself; a newer one on PATH may want buildx.
        dk = ["/usr/bin/docker" if os.path.exists("/usr/bin/docker") else "docker", "-H", "unix://" + sock]
        for _ in range(150):
            if subprocess.run(dk + ["info"], capture_output=True).returncode == 0:
                break
            time.sleep(0.2)
        tar = subprocess.Popen(["tar", "-C", rootfs, "-c", "."], stdout=subprocess.PIPE)
        subprocess.run(dk + ["import", "-", "ts-bench-busybox"], stdin=tar.stdout, check=True, capture_output=True)
        tar.wait()
        ctx = os.path.join(d, "ctx")
        make_context(ctx, args.files, args.file_kb, "buildkit")
        with open(os.path.join(ctx, "Dockerfile"), "w") as f:
            f.write("FROM ts-bench-busybox\nCOPY data/ /data/\n")
        env = dict(os.environ, DOCKER_BUILDKIT="1")

        def once(label):
            t0 = time.monotonic()
            run(dk + ["build", "--network", "host", "-q", "-t", "big", ctx], env=env)
            results.setdefault(("BuildKit", label), []).append((time.monotonic() - t0, float("nan"), float("nan")))

        once("first build")
        for i in range(args.runs):
            once("cached rebuild")
            edit_one(ctx, i)
            once("one file edited")
    finally:
        dockerd.terminate()
        try:
            dockerd.wait(30)
        except subprocess.TimeoutExpired:
            dockerd.kill()
            dockerd.wait()

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--files", type=int, default=2000)
    p.add_argument("--file-kb", type=int, default=100)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--buildkit", action="store_true")
    p.add_argument("trees", nargs="+", help="NAME=TREE")
    args = p.parse_args()
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    w = tempfile.mkdtemp(prefix="rcb.", dir="/tmp")
    try:
        print("# %s, %d cores, load %s, context %d files x %d KB" % (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              os.cpu_count(), open("/proc/loadavg").read().split()[:3], args.files, args.file_kb), flush=True)
        shutil.copy(os.path.join(repo, "examples", "busybox", "make-rootfs.sh"), w)
        run([os.path.join(w, "make-rootfs.sh")])
        rootfs = os.path.join(w, "rootfs")
        results = {}
        print("| variant | case | wall: median (min-max) | bytes sent | first byte after exec |", flush=True)
        print("|---|---|---|---|---|", flush=True)
        for spec in args.trees:
            name, tree = spec.split("=", 1)
            bench_tree(name, os.path.abspath(tree), w, rootfs, args, results)
            for (n, label), xs in results.items():
                if n == name:
                    row(n, label, xs)
        if args.buildkit:
            bench_buildkit(w, rootfs, args, results)
            for (n, label), xs in results.items():
                if n == "BuildKit":
                    row(n, label, xs)
        print("# end load %s" % open("/proc/loadavg").read().split()[:3])
    finally:
        shutil.rmtree(w, ignore_errors=True)

if __name__ == "__main__":
    main()
