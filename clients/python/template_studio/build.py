"""Builds a template on a ``serve`` instance and follows its events (CONTRACT §5, §6).

The build context (the folder the template's copy steps and local bases read from) goes up as a
tar, named by its sha256, and only when the server does not have it yet. The events stream is
followed to ``build-end``; a dropped connection is resumed after the last event seen, so no
event is lost or seen twice.
"""

import fnmatch
import hashlib
import json
import os
import stat
import tarfile
import tempfile
import time

from .logger import LogEntry
from .server import Server, ServerError

MAX_RECONNECTS = 20


class BuildError(Exception):
    """The build ended in error or was cancelled; the message is the server's sentence."""

    def __init__(self, message, build_id=None, status="error"):
        super().__init__(message)
        self.build_id = build_id
        self.status = status


class BuildInfo:
    """A finished, ready build: its canonical ref (``name@sha256:…``), name, tags and id."""

    def __init__(self, build_id, ref, name, tags, cache_hits, steps):
        self.build_id = build_id
        self.ref = ref
        self.name = name
        self.tags = list(tags or [])
        self.cache_hits = cache_hits
        self.steps = steps
        # The SDK calls the built template's id template_id; here it is the canonical ref.
        self.template_id = ref

    def __repr__(self):
        return "BuildInfo(ref=%r, tags=%r, cache_hits=%r/%r)" % (self.ref, self.tags, self.cache_hits, self.steps)


def _ignore_rules(root):
    try:
        with open(os.path.join(root, ".dockerignore"), encoding="utf-8") as f:
            lines = [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]
    except OSError:
        return []
    return [(l.startswith("!"), l.lstrip("!").strip("/")) for l in lines]


def _excluded(rel, rules):
    # Docker's rule: the last matching pattern wins. The server applies the exact rules again
    # to the copy steps (the .dockerignore goes up too), so this only keeps the upload small.
    out = False
    for negated, pattern in rules:
        if fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(rel, pattern + "/*"):
            out = not negated
    return out


def _add(tar, root, rel):
    path = os.path.join(root, rel)
    st = os.lstat(path)
    info = tarfile.TarInfo(rel)
    info.mode = stat.S_IMODE(st.st_mode)
    info.mtime = int(st.st_mtime)
    info.uid, info.gid = st.st_uid, st.st_gid
    if stat.S_ISDIR(st.st_mode):
        info.type = tarfile.DIRTYPE
        tar.addfile(info)
    elif stat.S_ISLNK(st.st_mode):
        info.type = tarfile.SYMTYPE
        info.linkname = os.readlink(path)
        tar.addfile(info)
    elif stat.S_ISREG(st.st_mode):
        # Hard links go up as separate files: the server refuses link entries.
        info.size = st.st_size
        with open(path, "rb") as f:
            tar.addfile(info, f)
    # Sockets, fifos and devices stay out, as the CLI leaves them out.


def context_tar(context):
    """Writes the tar of ``context`` to a temporary file; returns (path, 'sha256:HEX', size)."""
    root = os.path.realpath(context)
    if not os.path.isdir(root):
        raise ServerError("the build context %s is not a folder" % context)
    rules = _ignore_rules(root)
    fd, path = tempfile.mkstemp(prefix="template-studio-context-", suffix=".tar")
    try:
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames.sort()
                for name in sorted(dirnames + filenames):
                    rel = os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")
                    if rel != ".dockerignore" and _excluded(rel, rules):
                        if name in dirnames and not any(neg for neg, _ in rules):
                            dirnames.remove(name)
                        continue
                    _add(tar, root, rel)
        sha = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                sha.update(chunk)
        return path, "sha256:" + sha.hexdigest(), os.path.getsize(path)
    except BaseException:
        os.unlink(path)
        raise


def _upload(server, context):
    path, digest, size = context_tar(context)
    try:
        status, _ = server.request("HEAD", "/v1/contexts/" + digest, expect=(200, 404))
        if status == 404:
            with open(path, "rb") as f:
                server.request("PUT", "/v1/contexts/" + digest, body=f,
                               headers={"Content-Type": "application/x-tar", "Content-Length": str(size)},
                               expect=(200, 201))
        return digest
    finally:
        os.unlink(path)


def _events(server, build_id, after):
    """Yields the build's events after seq ``after``, as dicts, until the stream ends."""
    conn = server.connect(timeout=120)
    try:
        conn.request("GET", "/v1/builds/%s/events?after=%d" % (build_id, after),
                     headers=server.headers({"Accept": "text/event-stream"}))
        response = conn.getresponse()
        if response.status != 200:
            raise ServerError(server.refusal("GET", "/v1/builds/%s/events" % build_id, response.status,
                                             response.read(1 << 16)))
        data = []
        for raw in response:
            line = raw.decode("utf-8").rstrip("\r\n")
            if line.startswith("data:"):
                data.append(line[5:].lstrip(" "))
            elif line == "" and data:
                yield json.loads("\n".join(data))
                data = []
    finally:
        conn.close()


def follow(server, build_id, on_event):
    """Calls ``on_event`` with each event once, in order, reconnecting after drops; returns build-end."""
    seen = 0
    tries = 0
    while True:
        try:
            for event in _events(server, build_id, seen):
                seen = max(seen, int(event.get("seq", seen)))
                tries = 0
                on_event(event)
                if event.get("kind") == "build-end":
                    return event
        except (OSError, ServerError) as e:
            tries += 1
            if tries > MAX_RECONNECTS:
                raise ServerError("lost the build's events from %s after %d reconnects: %s"
                                  % (server.url, MAX_RECONNECTS, e)) from None
            time.sleep(min(2.0, 0.1 * tries))
            continue
        # The stream ended before build-end (the server restarted): follow it again.
        tries += 1
        if tries > MAX_RECONNECTS:
            raise ServerError("the build's events from %s ended without a build-end" % server.url)
        time.sleep(min(2.0, 0.1 * tries))


def build(builder, name, tags=None, on_log_entry=None, context=".", server=None, token=None,
          secrets=None, no_cache=False, cpu_count=None, memory_mb=None, skip_cache=False):
    """Builds ``builder`` as ``name`` (tagged ``tags``) and waits until it is ready.

    ``context`` is the folder copy steps read from; ``secrets`` maps the template's declared
    secret names to values (sent with the build, never stored); ``cpu_count`` and ``memory_mb``
    limit every step and machine, ``skip_cache`` builds every step again, as in the SDK.
    Returns a :class:`BuildInfo`; raises :class:`BuildError` when the build fails and
    :class:`ServerError` when the server refuses or cannot be reached.
    """
    srv = server if isinstance(server, Server) else Server(server, token)
    document = builder.to_dict(name=name, tags=tags)
    resources = {k: v for k, v in (("cpus", cpu_count), ("memoryMb", memory_mb)) if v is not None}
    if resources:
        document["resources"] = resources
    if skip_cache:
        document["force"] = True
    body = {"template": document, "name": name, "tags": list(tags or []), "noCache": bool(no_cache),
            "context": _upload(srv, context)}
    if secrets:
        body["secrets"] = dict(secrets)
    build_id = srv.json("POST", "/v1/builds", body, expect=(202,))["build"]

    def on_event(event):
        if on_log_entry is not None:
            on_log_entry(LogEntry.of(event))

    end = follow(srv, build_id, on_event)
    if end.get("status") != "ready":
        raise BuildError(end.get("message") or "the build ended %s" % end.get("status"), build_id,
                         end.get("status", "error"))
    return BuildInfo(build_id, end.get("ref"), name, tags, end.get("cacheHits"), end.get("steps"))
