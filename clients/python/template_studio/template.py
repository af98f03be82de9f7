"""The template builder: the SDK's fluent shape, writing a Template Studio template document.

Every method returns the builder, so calls chain as in the SDK's quick example. ``to_dict()``
gives the document (``template-studio/v1``, docs in the repository's CONTRACT and README) that
``Template.build`` sends to a ``serve`` instance.
"""

import json

SCHEMA = "template-studio/v1"


class ReadyCheck:
    """When a started machine counts as ready: one of the template document's ready checks."""

    def __init__(self, check):
        self._check = dict(check)

    def to_dict(self, timeout_seconds=None):
        check = dict(self._check)
        if timeout_seconds is not None:
            check["timeoutSeconds"] = timeout_seconds
        return check

    def __repr__(self):
        return "ReadyCheck(%r)" % (self._check,)


def wait_for_port(port):
    """Ready once something listens on TCP ``port``."""
    return ReadyCheck({"type": "port", "port": int(port)})


def wait_for_url(url, status_code=200):
    """Ready once ``url`` answers with ``status_code``."""
    return ReadyCheck({"type": "url", "url": url, "status": int(status_code)})


def wait_for_file(filename):
    """Ready once ``filename`` exists in the machine."""
    return ReadyCheck({"type": "file", "path": filename})


def wait_for_process(process_name):
    """Ready once a process named ``process_name`` runs."""
    return ReadyCheck({"type": "process", "name": process_name})


def wait_for_timeout(timeout):
    """Ready after ``timeout`` milliseconds (the SDK's unit), rounded up to whole seconds."""
    return ReadyCheck({"type": "timeout", "seconds": max(1, -(-int(timeout) // 1000))})


def _ready(check):
    if isinstance(check, ReadyCheck):
        return check
    if isinstance(check, str):
        return ReadyCheck({"type": "command", "command": check})
    raise TypeError("a ready check is a wait_for_… helper or a shell command string, not %r" % (check,))


def _words(packages, what):
    if isinstance(packages, str):
        packages = [packages]
    packages = list(packages or [])
    if not packages or not all(isinstance(p, str) and p for p in packages):
        raise ValueError("%s needs one or more package names" % what)
    return packages


class Template:
    """A template being composed: a base, steps, envs, and a start command with its ready check."""

    def __init__(self):
        self._base = None
        self._steps = []
        self._runtime_envs = {}
        self._build_envs = {}
        self._secrets = []
        self._start = None
        self._force = False

    # Bases -------------------------------------------------------------------------------
    def from_image(self, image):
        """Starts from an image reference or a local source (``rootfs:DIR``, ``oci-layout:DIR``...)."""
        self._base = {"image": image}
        return self

    def from_template(self, template):
        """Starts from another template built on the server (``name:tag``)."""
        self._base = {"template": template}
        return self

    def from_python_image(self, version="3"):
        return self.from_image("python:%s" % version)

    def from_node_image(self, variant="lts"):
        return self.from_image("node:%s" % variant)

    def from_debian_image(self, variant="stable"):
        return self.from_image("debian:%s" % variant)

    def from_ubuntu_image(self, variant="latest"):
        return self.from_image("ubuntu:%s" % variant)

    def from_base_image(self):
        """The SDK's default base image, a plain Debian."""
        return self.from_debian_image("bookworm")

    # Steps -------------------------------------------------------------------------------
    def _step(self, step):
        self._steps.append(step)
        return self

    def apt_install(self, packages, no_install_recommends=False):
        step = {"type": "apt", "packages": _words(packages, "apt_install")}
        if no_install_recommends:
            step["noInstallRecommends"] = True
        return self._step(step)

    def pip_install(self, packages):
        return self._step({"type": "pip", "packages": _words(packages, "pip_install")})

    def npm_install(self, packages, g=False):
        step = {"type": "npm", "packages": _words(packages, "npm_install")}
        if g:
            step["global"] = True
        return self._step(step)

    def copy(self, src, dest, user=None, mode=None):
        """Copies files of the build context (``src``: a path or a list of them) to ``dest``."""
        sources = [src] if isinstance(src, str) else list(src)
        step = {"type": "copy", "sources": sources, "dest": dest}
        if user:
            step["user"] = user
        if mode is not None:
            step["mode"] = mode if isinstance(mode, str) else "%04o" % mode
        return self._step(step)

    def run_cmd(self, command, user=None):
        """Runs a shell command (a list of commands runs them one after another, with ``&&``)."""
        if not isinstance(command, str):
            command = " && ".join(command)
        step = {"type": "run", "command": command}
        if user:
            step["user"] = user
        return self._step(step)

    def git_clone(self, url, path=None, branch=None, depth=None):
        step = {"type": "git-clone", "url": url, "path": path or "/" + url.rstrip("/").split("/")[-1].removesuffix(".git")}
        if branch:
            step["branch"] = branch
        if depth:
            step["depth"] = int(depth)
        return self._step(step)

    def set_envs(self, envs):
        """Env vars for the build and the machines, like Dockerfile ENV."""
        return self._step({"type": "env", "vars": dict(envs)})

    def set_workdir(self, workdir):
        return self._step({"type": "workdir", "path": workdir})

    def set_user(self, user):
        return self._step({"type": "user", "name": user})

    def skip_cache(self):
        """Builds every step again, as the SDK's ``skip_cache``."""
        self._force = True
        return self

    # Envs that are not steps -------------------------------------------------------------
    def set_runtime_envs(self, envs):
        """Env vars present when machines start, not while building."""
        self._runtime_envs.update(envs)
        return self

    def set_build_envs(self, envs):
        """Env vars present only while building (Dockerfile ARG)."""
        self._build_envs.update(envs)
        return self

    def add_secret(self, name):
        """Declares a secret a build gets by name (``Template.build(..., secrets={name: value})``)."""
        if name not in self._secrets:
            self._secrets.append(name)
        return self

    # Start -------------------------------------------------------------------------------
    def set_start_cmd(self, start_cmd, ready_cmd=None, timeout_seconds=None):
        start = {"command": start_cmd}
        if ready_cmd is not None:
            start["ready"] = _ready(ready_cmd).to_dict(timeout_seconds)
        self._start = start
        return self

    def set_ready_cmd(self, ready_cmd, timeout_seconds=None):
        start = dict(self._start or {})
        start["ready"] = _ready(ready_cmd).to_dict(timeout_seconds)
        self._start = start
        return self

    # The document ------------------------------------------------------------------------
    def to_dict(self, name=None, tags=None):
        if self._base is None:
            raise ValueError("the template has no base: call from_image (or another from_…) first")
        doc = {"schema": SCHEMA}
        if name:
            doc["name"] = name
        if tags:
            doc["tags"] = list(tags)
        doc["base"] = dict(self._base)
        doc["steps"] = [dict(s) for s in self._steps]
        if self._runtime_envs:
            doc["runtimeEnvs"] = dict(self._runtime_envs)
        if self._build_envs:
            doc["buildEnvs"] = dict(self._build_envs)
        if self._secrets:
            doc["secrets"] = list(self._secrets)
        if self._start:
            doc["start"] = dict(self._start)
        if self._force:
            doc["force"] = True
        return doc

    def to_json(self, name=None, tags=None):
        return json.dumps(self.to_dict(name, tags), indent=2)

    @staticmethod
    def build(builder, name, tags=None, on_log_entry=None, **options):
        """Builds ``builder`` on a ``serve`` instance; see :func:`template_studio.build.build`."""
        from .build import build
        return build(builder, name, tags=tags, on_log_entry=on_log_entry, **options)
