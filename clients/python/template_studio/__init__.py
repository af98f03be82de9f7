"""Template Studio's Python client: compose a template with the SDK's builder and build it on a
``template-studio serve`` instance (stdlib only; Python 3.9 or newer)."""

from .build import BuildError, BuildInfo
from .logger import LogEntry, default_build_logger
from .machine import CommandExitException, CommandResult, Machine
from .server import Server, ServerError
from .template import (ReadyCheck, Template, wait_for_file, wait_for_port, wait_for_process,
                       wait_for_timeout, wait_for_url)

__all__ = ["BuildError", "BuildInfo", "CommandExitException", "CommandResult", "LogEntry", "Machine", "ReadyCheck", "Server", "ServerError", "Template",
           "default_build_logger", "wait_for_file", "wait_for_port", "wait_for_process",
           "wait_for_timeout", "wait_for_url"]
