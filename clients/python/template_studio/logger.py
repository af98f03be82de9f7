"""Build log entries and the SDK's default build logger, from the build events (CONTRACT §5)."""

import sys
from datetime import datetime

LEVELS = {"debug": 0, "info": 1, "warn": 2, "error": 3}


class LogEntry:
    """One build event as a log line: ``timestamp``, ``level``, ``message``; ``event`` is all of it."""

    def __init__(self, timestamp, level, message, event):
        self.timestamp = timestamp
        self.level = level
        self.message = message
        self.event = event

    @staticmethod
    def of(event):
        kind = event.get("kind")
        level = event.get("level") or "info"
        stage = event.get("stage")
        step = event.get("step")
        where = ""
        if step is not None:
            where = "[%s%s/%s] " % (stage + " " if stage else "", step, event.get("steps", "?")) \
                if kind == "step-start" else "#%s%s " % (stage + ":" if stage else "", step)
        if kind == "build-start":
            message = "building %s steps" % event.get("steps")
        elif kind == "step-start":
            message = where + (event.get("message") or "")
        elif kind == "cache-hit":
            message = where + "CACHED"
        elif kind == "cache-miss":
            message = where + "not cached: " + (event.get("reason") or "")
        elif kind == "step-end":
            status = event.get("status")
            level = "error" if status == "error" else level
            message = where + ("DONE %.1fs" % (event.get("durationMs", 0) / 1000.0) if status == "done"
                               else (status or "") + (": " + event["message"] if event.get("message") else ""))
        elif kind == "build-end":
            status = event.get("status")
            if status == "ready":
                # The base counts as a step here, as in the CLI's plain progress.
                message = "ready: %s (%s of %s steps cached)" % (event.get("ref"), event.get("cacheHits"),
                                                                 (event.get("steps") or 0) + 1)
            else:
                level = "error"
                message = "build %s: %s" % (status, event.get("message") or "")
        else:
            message = where + (event.get("message") or "")
        try:
            ts = datetime.fromisoformat(event["time"].replace("Z", "+00:00"))
        except (KeyError, ValueError, AttributeError):
            ts = datetime.now().astimezone()
        return LogEntry(ts, level, message, event)

    def __str__(self):
        return "%s %-5s %s" % (self.timestamp.astimezone().strftime("%H:%M:%S"), self.level.upper(), self.message)


def default_build_logger(min_level="info", stream=None):
    """A callable for ``on_log_entry`` that prints entries at ``min_level`` or above."""
    floor = LEVELS.get(min_level, 1)

    def log(entry):
        if LEVELS.get(entry.level, 1) >= floor:
            print(entry, file=stream or sys.stdout, flush=True)

    return log
