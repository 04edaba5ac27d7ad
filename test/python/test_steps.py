"""Tests for the pipeline step programs in src/jobs/steps, each run in a child process against the
local fake of Google's APIs in fake_google.py. Standard library only. The embedded form and the
signal cases start python3 as Vertex AI does; the others run in a forked copy of this process
(forked_step.py), which skips the interpreter's start.

Run: python3 -m unittest discover -s test/python -p test_steps.py   (npm test runs it from
test/pipeline-steps-python.test.ts)
"""

import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import forked_step  # noqa: E402
from fake_google import FakeGoogle  # noqa: E402

STEPS = os.path.normpath(os.path.join(HERE, "..", "..", "src", "jobs", "steps"))
IMPORT_LINE = "from common import *  # embedded: common.py is prepended at synth\n"
PROGRAMS = ("preprocess_step.py", "train_step.py", "publish_step.py", "janitor_step.py")
# Step clock: each sleep counts at its nominal length but lasts 1/5000 of it.
SCALE = "0.0002"
ZONE, PROJECT, REGION = "us-east5-b", "proj-1", "us-east5"
QR = "/tpu/v2/projects/%s/locations/%s/queuedResources" % (PROJECT, ZONE)
RESULT = ("lake", "runs/r1/result-0.json")
STARTUP = "#!/bin/bash\necho run __RUN_ID__ reads __DATA_DIR__\n"
TEMPLATE = {
    "tpu": {"nodeSpec": [{
        "parent": "projects/%s/locations/%s" % (PROJECT, ZONE),
        "nodeId": "__RUN_ID__-node",
        "node": {"acceleratorType": "v6e-8", "runtimeVersion": "v2-alpha-tpuv6e",
                 "metadata": {"startup-script": STARTUP, "run-id": "__RUN_ID__", "data-dir": "__DATA_DIR__"}},
    }]},
    "spot": {},
}
MULTISLICE = {
    "tpu": {"nodeSpec": [{
        "parent": "projects/%s/locations/%s" % (PROJECT, ZONE),
        "multisliceParams": {"nodeCount": 2, "nodeIdPrefix": "__RUN_ID__-slice"},
        "node": {"acceleratorType": "v6e-16", "runtimeVersion": "v2-alpha-tpuv6e", "metadata": {"run-id": "__RUN_ID__"}},
    }]},
    "guaranteed": {},
}
BATCH = {
    "pysparkBatch": {"mainPythonFileUri": "gs://lake/scripts/preprocess.py",
                     "args": ["--input=gs://lake/raw-data/corpus", "--output=gs://lake/processed-data/corpus", "--format=jsonl"]},
    "runtimeConfig": {"version": "2.3"},
    "environmentConfig": {"executionConfig": {"serviceAccount": "pre@proj-1.iam.gserviceaccount.com"}},
}


def ok(exit_code=0):
    """A scripted ACTIVE step that writes worker 0's result."""
    return {"state": "ACTIVE", "put": {RESULT: {"exitCode": exit_code, "startTime": "t0", "endTime": "t1", "worker": 0}}}


def embedded(program):
    """The program as synth embeds it: common.py, then the step without its import line."""
    with open(os.path.join(STEPS, "common.py"), encoding="utf-8") as f:
        common = f.read()
    with open(os.path.join(STEPS, program), encoding="utf-8") as f:
        step = f.read()
    assert step.startswith(IMPORT_LINE), program
    return common + "\n" + step.replace(IMPORT_LINE, "", 1)


class StepCase(unittest.TestCase):
    def setUp(self):
        self.fake = FakeGoogle()
        self.addCleanup(self.fake.close)
        self.tmp = tempfile.mkdtemp(prefix="steps-")
        self.addCleanup(shutil.rmtree, self.tmp)

    def env(self, **extra):
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "STEP_POLL_SCALE")}
        env.update(self.fake.env(), PYTHONPATH=STEPS, PYTHONDONTWRITEBYTECODE="1", STEP_POLL_SCALE=SCALE, **extra)
        return env

    @staticmethod
    def argv(flags):
        return ["--%s=%s" % (k, v if isinstance(v, str) else json.dumps(v)) for k, v in flags.items()]

    def command(self, program, flags, embed=False):
        if embed:
            return [sys.executable, "-S", "-B", "-c", embedded(program)] + self.argv(flags)
        return [sys.executable, "-S", "-B", os.path.join(STEPS, program)] + self.argv(flags)

    def step(self, program, flags, embed=False, **env):
        """The step run to its end. The embedded form starts python3 -c as Vertex AI does; the file
        form runs in a forked copy of this process (forked_step.py), as python3 would run it."""
        if embed:
            return subprocess.run(self.command(program, flags, embed), env=self.env(**env), cwd=self.tmp,
                                  capture_output=True, text=True, timeout=60)
        return forked_step.run(os.path.join(STEPS, program), self.argv(flags), self.env(**env), self.tmp)

    def out(self, name):
        return os.path.join(self.tmp, "outputs", name, "data")

    def read(self, name):
        with open(self.out(name), encoding="utf-8") as f:
            return f.read()

    def assertSucceeded(self, proc):
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr, "")

    def assertFailed(self, proc, *fragments):
        """Exit 1 and exactly one line on stderr, starting `error: `, with each fragment in it."""
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertNotIn("Traceback", proc.stderr)
        lines = proc.stderr.split("\n")
        self.assertEqual(len(lines), 2, proc.stderr)
        self.assertEqual(lines[1], "")
        self.assertTrue(lines[0].startswith("error: "), lines[0])
        for fragment in fragments:
            self.assertIn(fragment, lines[0])
        return lines[0]


class Files(unittest.TestCase):
    """The files as synth embeds them into the Cloud Scheduler job body."""

    def source(self, name):
        with open(os.path.join(STEPS, name), encoding="utf-8") as f:
            return f.read()

    def test_each_step_begins_with_the_import_line(self):
        for program in PROGRAMS:
            self.assertTrue(self.source(program).startswith(IMPORT_LINE), program)
            self.assertEqual(self.source(program).count("from common import"), 1, program)

    def test_no_terraform_template_sequences(self):
        for name in ("common.py",) + PROGRAMS:
            self.assertNotIn("${", self.source(name), name)
            self.assertNotIn("%{", self.source(name), name)

    def test_sizes_fit_the_scheduler_job_budget(self):
        self.assertLessEqual(len(self.source("common.py").encode()), 6.5 * 1024)
        for program in PROGRAMS:
            self.assertLessEqual(len(self.source(program).encode()), 7.5 * 1024, program)
        # common.py embedded three times, base64 as in the job body: well under the 100 KB job limit.
        total = sum(len(base64.b64encode(embedded(p).encode())) for p in PROGRAMS)
        self.assertLess(total, 60 * 1024)

    def test_standard_library_only_and_compiles(self):
        for name in ("common.py",) + PROGRAMS:
            compile(self.source(name), name, "exec")
        for program in PROGRAMS:
            compile(embedded(program), program, "exec")
        allowed = {"datetime", "http", "json", "os", "re", "signal", "sys", "time", "urllib"}
        for line in self.source("common.py").splitlines():
            if line.startswith("import "):
                for module in line[7:].split(","):
                    self.assertIn(module.strip().split(".")[0], allowed, line)
        for program in PROGRAMS:
            imports = [ln for ln in self.source(program).splitlines() if ln.startswith(("import ", "from "))]
            self.assertEqual(imports, [IMPORT_LINE.strip()], program)


class Flags(StepCase):
    def test_unknown_flag(self):
        self.assertFailed(self.step("publish_step.py", {"run-id": "r1", "colour": "blue"}), "unknown flag --colour")

    def test_missing_flags_are_named(self):
        line = self.assertFailed(self.step("train_step.py", {"run-id": "r1"}), "missing flag(s)")
        self.assertIn("--request-template", line)

    def test_flags_need_an_equals_sign(self):
        proc = forked_step.run(os.path.join(STEPS, "publish_step.py"), ["--run-id", "r1"], self.env(), self.tmp)
        self.assertFailed(proc, "--name=value")

    def test_control_characters_are_escaped(self):
        line = self.assertFailed(self.step("publish_step.py", Publish.flags(self, **{"run-id": "r1\n\x1b[31mred"})), "--run-id")
        self.assertIn("r1\\n\\x1b[31mred", line)
        self.assertNotIn("\x1b", line)

    def test_bad_run_id(self):
        self.assertFailed(self.step("train_step.py", self.train_flags(**{"run-id": "Run_1"})), "--run-id")
        self.assertEqual(self.fake.calls(path_regex="^/tpu"), [])

    def test_bad_template_json(self):
        self.assertFailed(self.step("train_step.py", self.train_flags(**{"request-template": "{not json"})),
                          "--request-template is not JSON")
        self.assertFailed(self.step("train_step.py", self.train_flags(**{"request-template": {"tpu": {}}})),
                          "tpu.nodeSpec")
        self.assertEqual(self.fake.calls(path_regex="^/tpu"), [])

    def test_bad_integers(self):
        self.assertFailed(self.step("train_step.py", self.train_flags(**{"max-restarts": "-1"})), "--max-restarts")
        self.assertFailed(self.step("train_step.py", self.train_flags(**{"poll-seconds": "soon"})), "--poll-seconds")

    train_flags = lambda self, **kw: Train.flags(self, **kw)  # noqa: E731


class Preprocess(StepCase):
    def flags(self, **overrides):
        flags = {"project": PROJECT, "region": REGION, "batch-request": BATCH, "run-id": "r1", "poll-seconds": "30",
                 "output-processed-uri-file": self.out("processed-uri")}
        flags.update(overrides)
        return flags

    def creates(self):
        return self.fake.calls("POST", "^/dataproc/v1/projects/%s/locations/%s/batches$" % (PROJECT, REGION))

    def test_happy_path(self):
        proc = self.step("preprocess_step.py", self.flags())
        self.assertSucceeded(proc)
        self.assertEqual(self.read("processed-uri"), "gs://lake/processed-data/corpus/r1")
        (create,) = self.creates()
        self.assertEqual(create["query"], {"batchId": "pre-r1"})
        expected = json.loads(json.dumps(BATCH))
        expected["pysparkBatch"]["args"].append("--version=r1")
        self.assertEqual(create["body"], expected)
        self.assertEqual(create["headers"]["Authorization"], "Bearer ya29.fake-token")
        (token,) = self.fake.calls("GET", "^/metadata/")
        self.assertEqual(token["headers"]["Metadata-Flavor"], "Google")
        self.assertEqual(len(self.fake.calls("GET", "/batches/pre-r1$")), 3)  # PENDING, RUNNING, SUCCEEDED
        self.assertIn("SUCCEEDED", proc.stdout)

    def test_failed_batch_fails_with_its_state_message(self):
        message = "Job failed with message [Py4JJavaError: no well-formed records]. Additional details in the logs."
        self.fake.script_batch("pre-r1", ["PENDING", "RUNNING", {"state": "FAILED", "message": message}])
        self.assertFailed(self.step("preprocess_step.py", self.flags()), "pre-r1 FAILED", message)
        self.assertFalse(os.path.exists(self.out("processed-uri")))

    def test_cancelled_batch(self):
        self.fake.script_batch("pre-r1", [{"state": "CANCELLED", "message": "Batch was cancelled by the user"}])
        self.assertFailed(self.step("preprocess_step.py", self.flags()), "CANCELLED", "cancelled by the user")

    def test_state_message_control_characters_are_escaped(self):
        self.fake.script_batch("pre-r1", [{"state": "FAILED", "message": "line one\nline two\r\x07"}])
        line = self.assertFailed(self.step("preprocess_step.py", self.flags()), "line one\\x0aline two\\x0d\\x07")
        self.assertNotIn("\r", line)

    def test_existing_batch_409_waits_for_it(self):
        self.fake.add_batch(PROJECT, REGION, "pre-r1", ["RUNNING", "RUNNING", "SUCCEEDED"])
        proc = self.step("preprocess_step.py", self.flags())
        self.assertSucceeded(proc)
        self.assertEqual(len(self.creates()), 1)
        self.assertEqual(len(self.fake.calls("GET", "/batches/pre-r1$")), 3)
        self.assertIn("already exists", proc.stdout)
        self.assertEqual(self.read("processed-uri"), "gs://lake/processed-data/corpus/r1")

    def test_existing_batch_that_failed(self):
        self.fake.add_batch(PROJECT, REGION, "pre-r1", [{"state": "FAILED", "message": "earlier try failed"}])
        self.assertFailed(self.step("preprocess_step.py", self.flags()), "earlier try failed")

    def test_transient_errors_are_retried(self):
        self.fake.inject("POST", "/batches$", 503, times=2)
        self.fake.inject("GET", "/batches/pre-r1$", "reset", times=1)
        self.fake.inject("GET", "/metadata/", 500, times=1)
        self.assertSucceeded(self.step("preprocess_step.py", self.flags()))
        self.assertEqual(len(self.creates()), 3)

    def test_permanent_errors_are_not_retried(self):
        self.fake.inject("POST", "/batches$", 403, message="Permission 'dataproc.batches.create' denied")
        self.assertFailed(self.step("preprocess_step.py", self.flags()), "creating Dataproc batch pre-r1 failed",
                          "HTTP 403 PERMISSION_DENIED", "dataproc.batches.create")
        self.assertEqual(len(self.creates()), 1)

    def test_endless_server_errors_give_up(self):
        self.fake.inject("GET", "/batches/pre-r1$", 500, times=99)
        self.assertFailed(self.step("preprocess_step.py", self.flags()), "after 5 tries", "HTTP 500 INTERNAL")

    def test_existing_version_argument_is_replaced(self):
        body = json.loads(json.dumps(BATCH))
        body["pysparkBatch"]["args"].append("--version=old")
        self.assertSucceeded(self.step("preprocess_step.py", self.flags(**{"batch-request": body})))
        self.assertEqual(self.creates()[0]["body"]["pysparkBatch"]["args"][-2:], ["--format=jsonl", "--version=r1"])

    def test_request_without_output(self):
        body = {"pysparkBatch": {"args": ["--input=gs://lake/raw-data/corpus"]}}
        self.assertFailed(self.step("preprocess_step.py", self.flags(**{"batch-request": body})), "--output=")
        self.assertFailed(self.step("preprocess_step.py", self.flags(**{"batch-request": {"sparkBatch": {}}})),
                          "pysparkBatch.args")
        self.assertEqual(self.creates(), [])

    def test_sigterm_is_one_line(self):
        self.fake.script_batch("pre-r1", ["RUNNING"])
        proc = subprocess.Popen(self.command("preprocess_step.py", self.flags()), env=self.env(), cwd=self.tmp,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while len(self.fake.calls("GET", "/batches/pre-r1$")) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=30)
        self.assertFailed(subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr), "stopped by SIGTERM")

    def test_run_id_must_make_a_batch_id(self):
        self.assertFailed(self.step("preprocess_step.py", self.flags(**{"run-id": "r" * 60})), "--run-id")
        self.assertFailed(self.step("preprocess_step.py", self.flags(**{"run-id": "1r"})), "--run-id")
        uuid = "2c3a0e5f-1b2c-4d5e-8f90-a1b2c3d4e5f6"
        out = self.step("preprocess_step.py", self.flags(**{"run-id": uuid}))
        self.assertSucceeded(out)
        self.assertIn("batches/pre-run-2c3a0e5f1b2c4d5e", " ".join(r["path"] for r in self.fake.calls(path_regex="batches")))
        self.assertSucceeded(self.step("preprocess_step.py", self.flags(**{"run-id": "r" * 59})))


class Train(StepCase):
    def flags(self, **overrides):
        flags = {"project": PROJECT, "zone": ZONE, "request-template": TEMPLATE, "run-id": "r1",
                 "data-dir": "gs://lake/processed-data/corpus/r1", "results-uri": "gs://lake/runs",
                 "max-restarts": "2", "run-timeout-seconds": "86400", "poll-seconds": "60"}
        flags.update({"output-%s-file" % n: self.out(n) for n in ("result", "request", "wait-seconds", "attempts")})
        flags.update(overrides)
        return flags

    def creates(self):
        return self.fake.calls("POST", "^%s$" % QR)

    def deletes(self):
        return self.fake.calls("DELETE", "^%s/" % QR)

    def assertNothingLeft(self):
        self.assertEqual(self.fake.queued, {})
        for delete in self.deletes():
            self.assertEqual(delete["query"], {"force": "true"})

    def test_happy_path(self):
        self.fake.script_queued("r1-a1", ["WAITING_FOR_RESOURCES", "ACTIVE", ok()])
        proc = self.step("train_step.py", self.flags())
        self.assertSucceeded(proc)
        self.assertEqual(json.loads(self.read("result")), {"exitCode": 0, "startTime": "t0", "endTime": "t1", "worker": 0})
        self.assertEqual(self.read("attempts"), "1")
        (create,) = self.creates()
        self.assertEqual(create["query"], {"queuedResourceId": "r1-a1"})
        sent = create["body"]
        self.assertEqual(json.loads(self.read("request")), sent)
        spec = sent["tpu"]["nodeSpec"][0]
        self.assertEqual(spec["nodeId"], "r1-node")
        self.assertEqual(spec["node"]["metadata"], {"startup-script": STARTUP.replace("__RUN_ID__", "r1").replace(
            "__DATA_DIR__", "gs://lake/processed-data/corpus/r1"), "run-id": "r1", "data-dir": "gs://lake/processed-data/corpus/r1"})
        self.assertNotIn("__", json.dumps(sent))
        self.assertEqual(sent["spot"], {})
        self.assertEqual(len(self.deletes()), 1)
        self.assertNothingLeft()
        results = self.fake.calls("GET", "^/gcs/storage/v1/b/lake/o/runs/r1/result-0.json$")
        self.assertEqual(results[0]["query"], {"alt": "media"})
        self.assertEqual(results[0]["raw_path"], "/gcs/storage/v1/b/lake/o/runs%2Fr1%2Fresult-0.json")
        self.assertIn("succeeded", proc.stdout)

    def test_waiting_for_capacity_is_counted(self):
        self.fake.script_queued("r1-a1", ["CREATING", "ACCEPTED", "WAITING_FOR_RESOURCES", "WAITING_FOR_RESOURCES",
                                          "PROVISIONING", "ACTIVE", ok()])
        self.assertSucceeded(self.step("train_step.py", self.flags()))
        wait = int(self.read("wait-seconds"))
        self.assertGreaterEqual(wait, 300)  # five polls 60 s apart before ACTIVE
        self.assertLess(wait, 330)
        self.assertNothingLeft()

    def test_preemption_restarts_with_a_new_request(self):
        self.fake.script_queued("r1-a1", ["WAITING_FOR_RESOURCES", "ACTIVE", "SUSPENDING", "SUSPENDED"])
        self.fake.script_queued("r1-a2", ["WAITING_FOR_RESOURCES", "ACTIVE", ok()])
        proc = self.step("train_step.py", self.flags())
        self.assertSucceeded(proc)
        first, second = self.creates()
        self.assertEqual((first["query"], second["query"]), ({"queuedResourceId": "r1-a1"}, {"queuedResourceId": "r1-a2"}))
        self.assertEqual(second["body"]["tpu"]["nodeSpec"][0]["nodeId"], "r1-node-a2")
        self.assertEqual(json.loads(self.read("request")), second["body"])
        self.assertEqual(self.read("attempts"), "2")
        self.assertGreaterEqual(int(self.read("wait-seconds")), 120)  # one poll of waiting in each attempt
        # r1-a1 was deleted with force, and seen gone (404), before r1-a2 was requested.
        calls = [r for r in self.fake.requests if r["path"].startswith(QR)]
        second_create = calls.index(second)
        self.assertLess(calls.index(self.deletes()[0]), second_create)
        self.assertEqual(calls[second_create - 1]["path"], QR + "/r1-a1")  # the GET that saw it gone
        self.assertNotIn("r1-a1", [r["path"].rsplit("/", 1)[1] for r in calls[second_create:]])
        self.assertEqual([d["path"].rsplit("/", 1)[1] for d in self.deletes()], ["r1-a1", "r1-a2"])
        self.assertNothingLeft()

    def test_preempted_node_counts_as_preemption(self):
        self.fake.script_queued("r1-a1", ["ACTIVE", {"state": "ACTIVE", "nodes": {"r1-node": "PREEMPTED"}}])
        self.fake.script_queued("r1-a2", ["ACTIVE", ok()])
        self.assertSucceeded(self.step("train_step.py", self.flags()))
        self.assertEqual(len(self.creates()), 2)
        self.assertTrue(self.fake.calls("GET", "/nodes/r1-node$"))
        self.assertNothingLeft()

    def test_multislice_prefix_gets_the_attempt_suffix(self):
        self.fake.script_queued("r1-a1", ["ACTIVE", {"state": "ACTIVE", "nodes": {"r1-slice-1": "TERMINATED"}}])
        self.fake.script_queued("r1-a2", ["ACTIVE", ok()])
        self.assertSucceeded(self.step("train_step.py", self.flags(**{"request-template": MULTISLICE})))
        first, second = self.creates()
        self.assertEqual(first["body"]["tpu"]["nodeSpec"][0]["multisliceParams"], {"nodeCount": 2, "nodeIdPrefix": "r1-slice"})
        self.assertEqual(second["body"]["tpu"]["nodeSpec"][0]["multisliceParams"], {"nodeCount": 2, "nodeIdPrefix": "r1-slice-a2"})
        self.assertTrue(self.fake.calls("GET", "/nodes/r1-slice-a2-0$"))
        self.assertNothingLeft()

    def test_restart_budget_exhausted(self):
        self.fake.script_queued("r1-a1", ["ACTIVE", "SUSPENDED"])
        self.fake.script_queued("r1-a2", ["ACTIVE", "SUSPENDED"])
        proc = self.step("train_step.py", self.flags(**{"max-restarts": "1"}))
        self.assertFailed(proc, "preempted 2 time(s)", "restart budget exhausted", "--max-restarts=1")
        self.assertEqual(len(self.creates()), 2)
        self.assertNothingLeft()
        self.assertFalse(os.path.exists(self.out("result")))

    def test_no_restarts_allowed(self):
        self.fake.script_queued("r1-a1", ["SUSPENDED"])
        self.assertFailed(self.step("train_step.py", self.flags(**{"max-restarts": "0"})), "restart budget exhausted")
        self.assertEqual(len(self.creates()), 1)
        self.assertNothingLeft()

    def test_a_request_deleted_outside_the_run_counts_as_a_preemption(self):
        self.fake.script_queued("r1-a1", ["ACTIVE"])
        self.fake.inject("GET", "/queuedResources/r1-a1$", 404, times=1, message="not found")
        self.fake.script_queued("r1-a2", ["ACTIVE", {"state": "ACTIVE", "put": {("lake", "runs/r1/result-0.json"): {"exitCode": 0, "worker": 0}}}])
        proc = self.step("train_step.py", self.flags())
        self.assertSucceeded(proc)
        self.assertIn("queued resource r1-a1: gone", proc.stdout)
        self.assertEqual(len(self.creates()), 2)
        self.assertNothingLeft()

    def test_failed_request_is_deleted_and_fails_with_its_message(self):
        message = "Insufficient quota for TPUV6E in zone us-east5-b"
        self.fake.script_queued("r1-a1", ["WAITING_FOR_RESOURCES", {"state": "FAILED", "message": message}])
        self.assertFailed(self.step("train_step.py", self.flags()), "queued resource r1-a1 FAILED waiting for capacity",
                          message, "(queued resource r1-a1 deleted)")
        self.assertEqual(len(self.deletes()), 1)
        self.assertNothingLeft()

    def test_a_request_that_fails_after_it_was_active_is_not_a_capacity_wait(self):
        self.fake.script_queued("r1-a1", ["ACTIVE", {"state": "FAILED", "message": "node unhealthy"}])
        line = self.assertFailed(self.step("train_step.py", self.flags()), "queued resource r1-a1 FAILED: node unhealthy")
        self.assertNotIn("waiting for capacity", line)
        self.assertNothingLeft()

    def test_quota_429_on_create_ends_the_step(self):
        message = "Quota 'TPUV6EPreemptiblePodPerProjectPerZoneForTPUAPI' exhausted. Limit 0 in zone us-east5-b"
        self.fake.inject("POST", "/queuedResources$", 429, message=message)
        self.assertFailed(self.step("train_step.py", self.flags()), "creating queued resource r1-a1 failed",
                          "HTTP 429 RESOURCE_EXHAUSTED", message)
        self.assertEqual(len(self.creates()), 1)  # not retried
        self.assertNothingLeft()

    def test_permission_denied_403_on_create(self):
        message = "Permission 'tpu.queuedResources.create' denied on 'projects/proj-1/locations/us-east5-b'"
        self.fake.inject("POST", "/queuedResources$", 403, message=message)
        self.assertFailed(self.step("train_step.py", self.flags()), "HTTP 403 PERMISSION_DENIED", message)
        self.assertEqual(len(self.creates()), 1)
        self.assertNothingLeft()

    def test_sigterm_while_polling_deletes_the_request(self):
        self.fake.script_queued("r1-a1", ["WAITING_FOR_RESOURCES"])
        self.fake.delete_polls = 3
        proc = subprocess.Popen(self.command("train_step.py", self.flags()), env=self.env(), cwd=self.tmp,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while len(self.fake.calls("GET", "/queuedResources/r1-a1$")) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=30)
        result = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
        self.assertFailed(result, "stopped by SIGTERM", "(queued resource r1-a1 deleted)")
        self.assertEqual(len(self.deletes()), 1)
        self.assertNothingLeft()

    def test_sigterm_while_waiting_for_deletion_still_waits(self):
        self.fake.script_queued("r1-a1", ["ACTIVE", "SUSPENDED"])
        self.fake.script_queued("r1-a2", ["ACTIVE", ok()])
        self.fake.delete_polls = 50
        proc = subprocess.Popen(self.command("train_step.py", self.flags()), env=self.env(), cwd=self.tmp,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while not self.deletes() and time.monotonic() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=30)
        self.assertFailed(subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr), "SIGTERM")
        self.assertEqual([c["query"]["queuedResourceId"] for c in self.creates()], ["r1-a1"])
        self.assertNothingLeft()

    def test_result_exit_code_fails_the_step(self):
        self.fake.script_queued("r1-a1", ["ACTIVE", ok(3)])
        self.assertFailed(self.step("train_step.py", self.flags()), "exited with code 3 on worker 0",
                          "gs://lake/runs/r1/result-0.json")
        self.assertNothingLeft()

    def test_result_without_exit_code(self):
        self.fake.script_queued("r1-a1", ["ACTIVE", {"state": "ACTIVE", "put": {RESULT: {"exitCode": "0"}}}])
        self.assertFailed(self.step("train_step.py", self.flags()), "no integer exitCode")
        self.assertNothingLeft()

    def test_run_timeout_deletes_the_request(self):
        self.fake.script_queued("r1-a1", ["WAITING_FOR_RESOURCES", "ACTIVE"])
        proc = self.step("train_step.py", self.flags(**{"run-timeout-seconds": "300"}))
        self.assertFailed(proc, "run timeout", "--run-timeout-seconds=300", "(queued resource r1-a1 deleted)")
        self.assertLessEqual(len(self.fake.calls("GET", "/queuedResources/r1-a1$")), 10)
        self.assertNothingLeft()

    def test_transient_errors_while_polling_are_retried(self):
        self.fake.script_queued("r1-a1", ["ACTIVE", ok()])
        self.fake.inject("POST", "/queuedResources$", 500)
        self.fake.inject("GET", "/queuedResources/r1-a1$", 503, times=2)
        self.fake.inject("GET", "/queuedResources/r1-a1$", "reset")
        self.fake.inject("GET", "/result-0.json$", 429)
        self.fake.inject("DELETE", "/queuedResources/r1-a1$", 502)
        self.assertSucceeded(self.step("train_step.py", self.flags()))
        self.assertEqual(len(self.creates()), 2)  # the first got a 500
        self.assertNothingLeft()

    def test_api_error_while_polling_deletes_the_request(self):
        self.fake.script_queued("r1-a1", ["WAITING_FOR_RESOURCES"])
        self.fake.inject("GET", "/queuedResources/r1-a1$", 403, times=1, message="Permission 'tpu.queuedResources.get' denied")
        self.assertFailed(self.step("train_step.py", self.flags()), "reading queued resource r1-a1 failed",
                          "HTTP 403", "(queued resource r1-a1 deleted)")
        self.assertNothingLeft()

    def test_existing_request_409_is_watched(self):
        self.fake.script_queued("r1-a1", ["ACTIVE", ok()])
        self.fake.queued["r1-a1"] = {"body": {"tpu": TEMPLATE["tpu"]}, "steps": ["ACTIVE", ok()],
                                     "parent": "projects/%s/locations/%s" % (PROJECT, ZONE)}
        proc = self.step("train_step.py", self.flags())
        self.assertSucceeded(proc)
        self.assertIn("exists", proc.stdout)
        self.assertNothingLeft()

    def test_failed_deletion_is_reported(self):
        self.fake.script_queued("r1-a1", ["ACTIVE", ok()])
        self.fake.inject("DELETE", "/queuedResources/r1-a1$", 403, message="Permission 'tpu.queuedResources.delete' denied")
        line = self.assertFailed(self.step("train_step.py", self.flags()), "run succeeded; and deleting queued resource r1-a1 failed")
        self.assertIn("tpu.queuedResources.delete", line)
        self.assertFalse(os.path.exists(self.out("result")))


class Publish(StepCase):
    def flags(self, **overrides):
        flags = {"run-id": "r1", "models-uri": "gs://lake/models", "checkpoints-uri": "gs://lake/checkpoints",
                 "result": {"exitCode": 0, "worker": 0}, "request": {"tpu": {"nodeSpec": []}}, "wait-seconds": "120",
                 "attempts": "2", "processed-uri": "gs://lake/processed-data/corpus/r1",
                 "output-summary-file": self.out("summary")}
        flags.update(overrides)
        return flags

    def test_uploads_run_json(self):
        self.assertSucceeded(self.step("publish_step.py", self.flags()))
        (upload,) = self.fake.calls("POST", "^/gcs/upload/storage/v1/b/lake/o$")
        self.assertEqual(upload["query"], {"uploadType": "media", "name": "models/r1/run.json"})
        uploaded = json.loads(self.fake.objects[("lake", "models/r1/run.json")])
        self.assertEqual(uploaded, {
            "runId": "r1", "result": {"exitCode": 0, "worker": 0}, "checkpointDir": "gs://lake/checkpoints/r1",
            "modelDir": "gs://lake/models/r1", "tpuRequest": {"tpu": {"nodeSpec": []}}, "waitSeconds": 120,
            "attempts": 2, "processedData": "gs://lake/processed-data/corpus/r1"})
        self.assertEqual(json.loads(self.read("summary")), uploaded)

    def test_integer_flags_as_kfp_may_render_them(self):
        self.assertSucceeded(self.step("publish_step.py", self.flags(**{"wait-seconds": "120.0"})))
        self.assertEqual(json.loads(self.read("summary"))["waitSeconds"], 120)

    def test_upload_refused(self):
        self.fake.inject("POST", "/upload/", 403, message="runner@ does not have storage.objects.create access")
        self.assertFailed(self.step("publish_step.py", self.flags()), "uploading gs://lake/models/r1/run.json failed",
                          "HTTP 403", "storage.objects.create")
        self.assertFalse(os.path.exists(self.out("summary")))

    def test_bad_inputs(self):
        self.assertFailed(self.step("publish_step.py", self.flags(result="not json")), "--result is not JSON")
        self.assertFailed(self.step("publish_step.py", self.flags(**{"models-uri": "/tmp/models"})), "--models-uri")
        self.assertFailed(self.step("publish_step.py", self.flags(attempts="0")), "--attempts")
        self.assertEqual(self.fake.calls("POST"), [])


class Janitor(StepCase):
    PARENT = "projects/%s/locations/%s" % (PROJECT, ZONE)
    OLD = "2026-11-28T10:00:00.123456789Z"  # days before the fake's clock-free "now" (real time): always old

    def flags(self, **overrides):
        flags = {"project": PROJECT, "zone": ZONE, "environment": "staging", "max-age-seconds": "93600",
                 "records-uri": "gs://lake/runs/janitor", "run-id": "j1", "output-deleted-file": self.out("deleted")}
        flags.update(overrides)
        return flags

    def add(self, rid, state, env="staging", created=None, run="run-1"):
        labels = {"environment": env, "run-id": run} if run else {"environment": env}
        self.fake.add_queued(self.PARENT, rid, state, labels, created or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))

    def test_deletes_exactly_the_stranded_requests_and_records_them(self):
        self.add("failed-a1", "FAILED")
        self.add("suspended-a1", "SUSPENDED")
        self.add("stale-a1", "ACTIVE", created=self.OLD, run="run-stale")
        self.add("live-a1", "ACTIVE", run="run-live")  # a live run's request: young, ACTIVE
        self.add("waiting-a1", "WAITING_FOR_RESOURCES", run="run-waiting")
        self.add("other-env-a1", "FAILED", env="prod")
        self.add("not-a-run", "FAILED", run=None)
        proc = self.step("janitor_step.py", self.flags())
        self.assertSucceeded(proc)
        deletes = sorted(c["path"].rsplit("/", 1)[-1] for c in self.fake.calls("DELETE"))
        self.assertEqual(deletes, ["failed-a1", "stale-a1", "suspended-a1"])
        for c in self.fake.calls("DELETE"):
            self.assertEqual(c["query"].get("force"), "true")
        self.assertIn("janitor: deleted ACTIVE queued resource stale-a1 of run run-stale: older than 93600s", proc.stdout)
        record = json.loads(self.fake.objects[("lake", "runs/janitor/j1.json")])
        self.assertEqual(sorted(d["queuedResource"] for d in record["deleted"]), deletes)
        self.assertEqual(record["seen"], 7)  # all pages read (the fake pages 2 at a time)
        self.assertEqual(len(json.loads(self.read("deleted"))), 3)
        self.assertEqual([c["method"] for c in self.fake.calls(path_regex="^/tpu") if c["method"] not in ("GET", "DELETE")], [])

    def test_is_idempotent(self):
        self.add("failed-a1", "FAILED")
        self.assertSucceeded(self.step("janitor_step.py", self.flags()))
        self.fake.delete_polls = 0
        for entry in self.fake.queued.values():
            entry["deleting"] = 0
        again = self.step("janitor_step.py", self.flags(**{"run-id": "j2"}))
        self.assertSucceeded(again)
        self.assertEqual(json.loads(self.fake.objects[("lake", "runs/janitor/j2.json")])["deleted"], [])

    def test_a_request_already_gone_is_not_an_error(self):
        self.add("failed-a1", "FAILED")
        self.fake.inject("DELETE", "failed-a1", 404, message="not found")
        self.assertSucceeded(self.step("janitor_step.py", self.flags()))
        self.assertEqual(json.loads(self.fake.objects[("lake", "runs/janitor/j1.json")])["deleted"], [])

    def test_permission_denied_is_one_line(self):
        self.fake.inject("GET", "/queuedResources$", 403, message="Permission 'tpu.queuedResources.list' denied")
        self.assertFailed(self.step("janitor_step.py", self.flags()), "listing queued resources failed", "HTTP 403",
                          "tpu.queuedResources.list")


class Forked(unittest.TestCase):
    """forked_step.run gives what `python3 -S -B <program>` gives (the harness the step cases use)."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="forked-")
        self.addCleanup(shutil.rmtree, self.tmp)

    def run_program(self, source, timeout=30):
        path = os.path.join(self.tmp, "program.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(source)
        env = {"PATH": os.environ.get("PATH", ""), "ONLY": "this"}
        forked = forked_step.run(path, ["--a=1"], env, self.tmp, timeout=timeout)
        real = subprocess.run([sys.executable, "-S", "-B", path, "--a=1"], env=env, cwd=self.tmp,
                              capture_output=True, text=True, timeout=timeout)
        return forked, real

    def assertSame(self, source):
        forked, real = self.run_program(source)
        self.assertEqual((forked.returncode, forked.stdout), (real.returncode, real.stdout))
        return forked, real

    def test_exit_code_output_env_argv_and_folder(self):
        forked, _ = self.assertSame("import os, sys\nprint(sys.argv[1:], os.environ.get('ONLY'), os.getcwd())\n"
                                    "print('e', file=sys.stderr)\nsys.exit(3)\n")
        self.assertEqual(forked.returncode, 3)
        self.assertEqual(forked.stderr, "e\n")

    def test_uncaught_exception_is_exit_1_with_its_traceback(self):
        forked, _ = self.assertSame("raise ValueError('boom')\n")
        self.assertEqual(forked.returncode, 1)
        self.assertIn("ValueError: boom", forked.stderr)

    def test_warnings_hidden_as_a_new_interpreter_hides_them(self):
        forked, real = self.assertSame("import warnings\nwarnings.warn('old', DeprecationWarning, stacklevel=2)\n")
        self.assertEqual(forked.stderr, real.stderr)

    def test_large_output_does_not_block(self):
        forked, _ = self.assertSame("import sys\nsys.stdout.write('x' * 3000000)\n")
        self.assertEqual(len(forked.stdout), 3000000)

    def test_timeout_holds_after_the_child_closed_its_output(self):
        path = os.path.join(self.tmp, "sleeper.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write("import os, time\nos.close(1)\nos.close(2)\ntime.sleep(30)\n")
        started = time.monotonic()
        with self.assertRaises(subprocess.TimeoutExpired):
            forked_step.run(path, [], {"PATH": os.environ.get("PATH", "")}, self.tmp, timeout=0.5)
        self.assertLess(time.monotonic() - started, 10)


class Embedded(StepCase):
    """The programs as synth embeds them: python3 -c <common.py + step without the import line>."""

    def env(self, **extra):
        env = super().env(**extra)
        del env["PYTHONPATH"]
        return env

    def test_publish_runs_embedded(self):
        proc = self.step("publish_step.py", Publish.flags(self), embed=True)
        self.assertSucceeded(proc)
        self.assertIn(("lake", "models/r1/run.json"), self.fake.objects)

    def test_train_runs_embedded(self):
        self.fake.script_queued("r1-a1", ["ACTIVE", "SUSPENDED"])
        self.fake.script_queued("r1-a2", ["ACTIVE", ok()])
        self.assertSucceeded(self.step("train_step.py", Train.flags(self), embed=True))
        self.assertEqual(self.read("attempts"), "2")
        self.assertEqual(self.fake.queued, {})

    def test_preprocess_runs_embedded(self):
        self.assertSucceeded(self.step("preprocess_step.py", Preprocess.flags(self), embed=True))
        self.assertEqual(self.read("processed-uri"), "gs://lake/processed-data/corpus/r1")

    def test_embedded_failure_is_one_line(self):
        self.fake.inject("POST", "/queuedResources$", 429, message="Quota exhausted")
        self.assertFailed(self.step("train_step.py", Train.flags(self), embed=True), "HTTP 429", "Quota exhausted")

    def test_does_not_import_the_common_module(self):
        # Without PYTHONPATH there is no `common` to import: the embedded form must not need it.
        proc = subprocess.run([sys.executable, "-S", "-B", "-c", "import common"], env=self.env(), cwd=self.tmp,
                              capture_output=True, text=True, timeout=30)
        self.assertNotEqual(proc.returncode, 0)


if __name__ == "__main__":
    unittest.main()
