"""Tests of the Python client. The builder tests are pure; the build tests run against a real
``template-studio serve`` named by $TS_TEST_SERVER with the token in $TS_TEST_TOKEN_FILE, whose
store has a template ``busybox`` (app's PythonClientTest starts one and runs these)."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from template_studio import (BuildError, CommandExitException, Machine, ServerError, Template,  # noqa: E402
                             default_build_logger, wait_for_file, wait_for_port, wait_for_timeout,
                             wait_for_url)
from template_studio.build import follow  # noqa: E402
from template_studio.server import Server  # noqa: E402

SERVER = os.environ.get("TS_TEST_SERVER")
TOKEN_FILE = os.environ.get("TS_TEST_TOKEN_FILE")


class BuilderTest(unittest.TestCase):
    def test_the_seed_quick_example_gives_its_template_document(self):
        builder = (Template().from_python_image("3.12").apt_install(["git", "curl"])
                   .pip_install(["fastapi", "uvicorn"]).set_runtime_envs({"APP_ENV": "demo"}))
        self.assertEqual(builder.to_dict(name="fastapi-agent", tags=["stable"]), {
            "schema": "template-studio/v1", "name": "fastapi-agent", "tags": ["stable"],
            "base": {"image": "python:3.12"},
            "steps": [{"type": "apt", "packages": ["git", "curl"]},
                      {"type": "pip", "packages": ["fastapi", "uvicorn"]}],
            "runtimeEnvs": {"APP_ENV": "demo"}})

    def test_every_step_kind_and_ready_helper_maps_to_its_document_field(self):
        doc = (Template().from_image("rootfs:rootfs").npm_install("typescript", g=True)
               .copy(["a", "b/"], "/app", user="app", mode=0o755).run_cmd(["make", "make install"], user="root")
               .git_clone("https://example.invalid/r.git", branch="main", depth=1)
               .set_envs({"K": "V"}).set_workdir("/app").set_user("app").set_build_envs({"B": "1"})
               .add_secret("NPM_TOKEN").set_start_cmd("serve", wait_for_url("http://localhost:1/", 204), 7)
               .to_dict())
        self.assertEqual(doc["steps"], [
            {"type": "npm", "packages": ["typescript"], "global": True},
            {"type": "copy", "sources": ["a", "b/"], "dest": "/app", "user": "app", "mode": "0755"},
            {"type": "run", "command": "make && make install", "user": "root"},
            {"type": "git-clone", "url": "https://example.invalid/r.git", "path": "/r", "branch": "main", "depth": 1},
            {"type": "env", "vars": {"K": "V"}}, {"type": "workdir", "path": "/app"}, {"type": "user", "name": "app"}])
        self.assertEqual(doc["buildEnvs"], {"B": "1"})
        self.assertEqual(doc["secrets"], ["NPM_TOKEN"])
        self.assertEqual(doc["start"], {"command": "serve", "ready": {
            "type": "url", "url": "http://localhost:1/", "status": 204, "timeoutSeconds": 7}})
        self.assertEqual(wait_for_port(80).to_dict(), {"type": "port", "port": 80})
        self.assertEqual(wait_for_file("/tmp/r").to_dict(), {"type": "file", "path": "/tmp/r"})
        self.assertEqual(wait_for_timeout(1500).to_dict(), {"type": "timeout", "seconds": 2})
        ready = Template().from_image("x").set_ready_cmd("test -f /ok").to_dict()["start"]["ready"]
        self.assertEqual(ready, {"type": "command", "command": "test -f /ok"})

    def test_mistakes_are_one_sentence_before_anything_is_sent(self):
        with self.assertRaisesRegex(ValueError, "no base: call from_image"):
            Template().apt_install(["git"]).to_dict()
        with self.assertRaisesRegex(ValueError, "apt_install needs one or more package names"):
            Template().apt_install([])
        with self.assertRaisesRegex(ServerError, "http:// or https://"):
            Server("ftp://x", token="t")


@unittest.skipUnless(SERVER and TOKEN_FILE, "needs $TS_TEST_SERVER and $TS_TEST_TOKEN_FILE (app's PythonClientTest)")
class ServerBuildTest(unittest.TestCase):
    def setUp(self):
        with open(TOKEN_FILE, encoding="utf-8") as f:
            self.token = f.read()
        self.context = tempfile.mkdtemp(prefix="ts-py-context-")
        os.makedirs(os.path.join(self.context, "site"))
        with open(os.path.join(self.context, "site", "index.html"), "w") as f:
            f.write("hello from python\n")

    def build(self, builder, name, **options):
        entries = []
        info = Template.build(builder, name=name, tags=["stable"], on_log_entry=entries.append,
                              context=self.context, server=SERVER, token=self.token, **options)
        return info, entries

    def test_builds_then_rebuilds_from_the_cache(self):
        builder = (Template().from_template("busybox").run_cmd("mkdir -p /srv && echo built > /srv/built.txt")
                   .copy("site/", "/srv/site").set_envs({"PORT": "8080"}).set_runtime_envs({"APP_ENV": "demo"})
                   .set_start_cmd("httpd -f -p 8080 -h /srv", wait_for_port(8080)))
        first, entries = self.build(builder, "py-cached")
        self.assertRegex(first.ref, r"^py-cached@sha256:[0-9a-f]{64}$")
        self.assertEqual(first.steps, 3)
        kinds = [e.event["kind"] for e in entries]
        self.assertEqual(kinds[0], "build-start")
        self.assertEqual(kinds[-1], "build-end")
        self.assertEqual([e.event["seq"] for e in entries], list(range(1, len(entries) + 1)))
        self.assertIn("ready", kinds)
        second, entries = self.build(builder, "py-cached")
        self.assertEqual(second.ref, first.ref)
        self.assertEqual(second.cache_hits, 4)
        self.assertEqual(sum(1 for e in entries if e.message.endswith("CACHED")), 4)
        # Followed again from the start, the finished build gives the same events once each.
        again = []
        follow(Server(SERVER, self.token), second.build_id, again.append)
        self.assertEqual([e["seq"] for e in again], [e.event["seq"] for e in entries])

    def test_an_edited_file_misses_with_its_name(self):
        builder = Template().from_template("busybox").copy("site/", "/srv/site")
        self.build(builder, "py-edit")
        with open(os.path.join(self.context, "site", "index.html"), "w") as f:
            f.write("changed\n")
        _, entries = self.build(builder, "py-edit")
        misses = [e.event.get("reason", "") for e in entries if e.event["kind"] == "cache-miss"]
        self.assertTrue(any("site/index.html" in m for m in misses), misses)

    def test_a_failing_step_raises_build_error_with_the_servers_sentence(self):
        builder = Template().from_template("busybox").run_cmd("echo about to fail; exit 3")
        with self.assertRaises(BuildError) as caught:
            self.build(builder, "py-fails")
        self.assertIn("step 1", str(caught.exception))
        self.assertEqual(caught.exception.status, "error")

    def test_a_secret_reaches_the_step_and_no_event(self):
        builder = (Template().from_template("busybox").add_secret("API_KEY")
                   .run_cmd("test \"$API_KEY\" = s3cr3t-value && echo key is $API_KEY"))
        _, entries = self.build(builder, "py-secret", secrets={"API_KEY": "s3cr3t-value"}, no_cache=True)
        text = "\n".join(str(e) + repr(e.event) for e in entries)
        self.assertNotIn("s3cr3t-value", text)
        self.assertIn("key is ***", text)

    def test_a_wrong_token_is_one_sentence_naming_401(self):
        with self.assertRaisesRegex(ServerError, r"refused the token \(401\)"):
            Template.build(Template().from_template("busybox"), name="x", context=self.context,
                           server=SERVER, token="wrong-token")

    def test_the_default_logger_prints_cache_state_and_the_ref(self):
        import io
        out = io.StringIO()
        builder = Template().from_template("busybox").run_cmd("echo logged")
        Template.build(builder, name="py-logged", context=self.context, server=SERVER, token=self.token,
                       on_log_entry=default_build_logger(stream=out))
        text = out.getvalue()
        self.assertIn("[1/1] RUN echo logged", text)
        self.assertRegex(text, r"ready: py-logged@sha256:[0-9a-f]{64}")


@unittest.skipUnless(SERVER and TOKEN_FILE, "needs $TS_TEST_SERVER and $TS_TEST_TOKEN_FILE (app's PythonClientTest)")
class MachineTest(unittest.TestCase):
    def setUp(self):
        with open(TOKEN_FILE, encoding="utf-8") as f:
            self.token = f.read()

    def test_the_seed_shape_create_run_and_kill_on_exit(self):
        with Machine.create(template="busybox", envs={"WHO": "py"}, server=SERVER, token=self.token) as machine:
            first = machine.commands.run("echo hello $WHO > /tmp/x; cat /tmp/x")
            self.assertEqual((first.stdout, first.stderr, first.exit_code), ("hello py\n", "", 0))
            second = machine.commands.run("cat /tmp/x; read l; echo got $l; echo oops >&2; exit 4", stdin="typed\n")
            self.assertEqual(second.stdout, "hello py\ngot typed\n")
            self.assertEqual((second.stderr, second.exit_code), ("oops\n", 4))
            with self.assertRaises(CommandExitException):
                machine.commands.run("exit 2", check=True)
            self.assertIn(machine.id, [m["id"] for m in Machine.list(server=SERVER, token=self.token)])
        self.assertNotIn(machine.id, [m["id"] for m in Machine.list(server=SERVER, token=self.token)])
        with self.assertRaisesRegex(ServerError, "no machine"):
            machine.commands.run("true")

    def test_an_unknown_template_is_one_sentence(self):
        with self.assertRaisesRegex(ServerError, r"\(404\): template \"nosuch\" is not on this server"):
            Machine.create(template="nosuch", server=SERVER, token=self.token)


if __name__ == "__main__":
    unittest.main()
