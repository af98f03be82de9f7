"""Machines from built templates, held by the server until removed (docs/MACHINES.md)."""

import json
import shlex

from .server import Server, ServerError


class CommandResult:
    """What a command in a machine gave: ``stdout``, ``stderr`` (text) and ``exit_code``."""

    def __init__(self, stdout, stderr, exit_code):
        self.stdout = stdout
        self.stderr = stderr
        self.exit_code = exit_code

    def __repr__(self):
        return "CommandResult(exit_code=%r, stdout=%r, stderr=%r)" % (self.exit_code, self.stdout, self.stderr)


class CommandExitException(Exception):
    """A command ended with a non-zero exit code (raised only with ``check=True``)."""

    def __init__(self, result):
        super().__init__("the command exited with code %d: %s" % (result.exit_code, result.stderr.strip()[-300:]))
        self.result = result


class Commands:
    def __init__(self, machine):
        self._machine = machine

    def run(self, cmd, shell=True, stdin=None, check=False, on_stdout=None, on_stderr=None):
        """Runs ``cmd`` in the machine (through ``sh -c`` when ``shell``; else a list of words)."""
        if shell:
            argv = ["/bin/sh", "-c", cmd if isinstance(cmd, str) else " ".join(shlex.quote(w) for w in cmd)]
        else:
            argv = shlex.split(cmd) if isinstance(cmd, str) else list(cmd)
        body = {"command": argv}
        if stdin is not None:
            body["stdin"] = stdin
        srv = self._machine._server
        conn = srv.connect(timeout=3600)
        out, err, code = [], [], None
        try:
            conn.request("POST", "/v1/machines/%s/exec" % self._machine.id, body=json.dumps(body).encode("utf-8"),
                         headers=srv.headers({"Content-Type": "application/json", "Accept": "text/event-stream"}))
            response = conn.getresponse()
            if response.status != 200:
                raise ServerError(srv.refusal("POST", "/v1/machines/%s/exec" % self._machine.id, response.status,
                                              response.read(1 << 16)))
            for raw in response:
                line = raw.decode("utf-8").rstrip("\r\n")
                if not line.startswith("data:"):
                    continue
                frame = json.loads(line[5:].lstrip(" "))
                if "exit" in frame:
                    code = frame["exit"]
                elif "error" in frame:
                    raise ServerError(frame["error"])
                elif frame.get("stream") == "stderr":
                    err.append(frame.get("line", ""))
                    if on_stderr:
                        on_stderr(frame.get("line", ""))
                else:
                    out.append(frame.get("line", ""))
                    if on_stdout:
                        on_stdout(frame.get("line", ""))
        except OSError as e:
            raise ServerError("the connection to %s dropped while the command ran: %s" % (srv.url, e)) from None
        finally:
            conn.close()
        if code is None:
            raise ServerError("the server %s ended the command without its exit code" % srv.url)
        result = CommandResult("".join(l + "\n" for l in out), "".join(l + "\n" for l in err), code)
        if check and code != 0:
            raise CommandExitException(result)
        return result


class Machine:
    """A machine started from a built template; a context manager that removes it on exit."""

    def __init__(self, info, server):
        self._server = server
        self.info = info
        self.id = info["id"]
        self.commands = Commands(self)

    @staticmethod
    def create(template, timeout=None, envs=None, cpu_count=None, memory_mb=None, server=None, token=None):
        """Starts a machine of ``template`` (a ref) and returns once it is ready."""
        srv = server if isinstance(server, Server) else Server(server, token, timeout=600)
        body = {"ref": template}
        if timeout:
            body["timeoutSeconds"] = int(timeout)
        if envs:
            body["env"] = dict(envs)
        resources = {k: v for k, v in (("cpus", cpu_count), ("memoryMb", memory_mb)) if v is not None}
        if resources:
            body["resources"] = resources
        return Machine(srv.json("POST", "/v1/machines", body, expect=(201,)), srv)

    @staticmethod
    def list(server=None, token=None):
        srv = server if isinstance(server, Server) else Server(server, token)
        return srv.json("GET", "/v1/machines")

    def kill(self):
        """Stops the machine and deletes it; a machine already gone is not an error."""
        self._server.request("DELETE", "/v1/machines/" + self.id, expect=(200, 404))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()
        return False
