"""Tests for src/jobs/prove_slice.py against a fake JAX (test/python/fake_jax.py) in a temporary folder.

Run: python3 -m unittest discover -s test/python -p test_prove_slice.py
(npm test runs it from test/prove-slice-python.test.ts). Each case runs the program in a child
process, as the launcher does, so the fake `jax` never enters this process.
"""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
JOB = os.path.join(HERE, "..", "..", "src", "jobs", "prove_slice.py")
sys.path.insert(0, HERE)

import fake_jax  # noqa: E402


def load_job():
    spec = importlib.util.spec_from_file_location("prove_slice_under_test", JOB)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Run:
    """One run of prove_slice.py in a child process, with the fake JAX on PYTHONPATH."""

    def __init__(self, case, args=(), **env):
        self.model_dir = os.path.join(case.tmp, "model")
        self.log = os.path.join(case.tmp, "fake-jax.log")
        base = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": case.fake,
            "PYTHONDONTWRITEBYTECODE": "1",
            "MODEL_DIR": self.model_dir,
            "RUN_ID": "run-1",
            "EXPECTED_CHIPS": "8",
            "PEAK_TFLOPS_PER_CHIP": "918",
            "FAKE_JAX_LOG": self.log,
        }
        base.update({k: str(v) for k, v in env.items() if v is not None})
        for k in [k for k, v in env.items() if v is None]:
            base.pop(k, None)
        self.proc = subprocess.run(
            [sys.executable, "-S", JOB, "--matrix-size=256", "--iterations=3", *args],
            env=base,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.code = self.proc.returncode
        self.stdout = self.proc.stdout
        self.stderr = self.proc.stderr
        self.report_path = os.path.join(self.model_dir, "prove-slice.json")

    @property
    def report(self):
        with open(self.report_path, encoding="utf-8") as f:
            return json.load(f)

    @property
    def calls(self):
        if not os.path.exists(self.log):
            return []
        with open(self.log, encoding="utf-8") as f:
            return f.read().splitlines()


class ProveSliceCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="prove-slice-")
        self.fake = fake_jax.write(os.path.join(self.tmp, "site"))

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


class TheFile(unittest.TestCase):
    def test_loads_without_jax(self):
        job = load_job()
        self.assertNotIn("jax", sys.modules, "jax must be imported inside main(), after the arguments")
        self.assertEqual(job.matmul_flops(8192, 100), 2 * 8192**3 * 100)

    def test_holds_no_terraform_template_sequences(self):
        with open(JOB, encoding="utf-8") as f:
            text = f.read()
        self.assertNotIn("${", text)
        self.assertNotIn("%{", text)
        self.assertNotIn("\nPROVE_SLICE_PY\n", "\n" + text + "\n", "the default command's heredoc delimiter")


class ChipCount(ProveSliceCase):
    def test_the_expected_chips_pass_and_the_matmul_is_timed(self):
        run = Run(self)
        self.assertEqual(run.code, 0, run.stderr)
        self.assertIn("prove-slice: ok: 8 tpu chips", run.stdout)
        report = run.report
        self.assertTrue(report["ok"])
        self.assertEqual(report["problems"], [])
        self.assertEqual((report["chips"], report["expectedChips"], report["localChips"]), (8, 8, 8))
        self.assertEqual((report["platform"], report["runId"], report["worker"]), ("tpu", "run-1", 0))
        self.assertEqual(report["peakTflopsPerChip"], 918)
        self.assertGreater(report["tflopsPerChip"], 0)
        self.assertAlmostEqual(report["fractionOfPeak"], report["tflopsPerChip"] / 918, places=3)
        self.assertEqual(report["sample"], report["sampleExpected"])
        self.assertEqual(report["sampleExpected"], 1 / 256)
        self.assertEqual(sum(c.startswith("device_put") for c in run.calls), 8, "one input per local chip")
        self.assertNotIn("distributed.initialize", run.calls)
        self.assertFalse(os.path.exists(run.report_path + ".tmp"))

    def test_a_mismatch_fails_and_says_so_without_benchmarking(self):
        run = Run(self, FAKE_JAX_DEVICES=4)
        self.assertEqual(run.code, 1)
        self.assertIn("prove-slice: FAILED: JAX sees 4 chips, the slice should have 8", run.stderr)
        report = run.report
        self.assertFalse(report["ok"])
        self.assertNotIn("tflopsPerChip", report)
        self.assertNotIn("jit", run.calls)

    def test_more_chips_than_expected_is_a_mismatch_too(self):
        self.assertEqual(Run(self, FAKE_JAX_DEVICES=16).code, 1)

    def test_a_flag_overrides_the_environment(self):
        run = Run(self, ["--expected-chips=4"], FAKE_JAX_DEVICES=4)
        self.assertEqual(run.code, 0, run.stderr)
        self.assertEqual(run.report["expectedChips"], 4)

    def test_chips_on_another_platform_fail(self):
        run = Run(self, FAKE_JAX_PLATFORM="cpu")
        self.assertEqual(run.code, 1)
        self.assertIn("JAX runs on 'cpu', not 'tpu'", run.stderr)

    def test_a_wrong_matmul_result_fails(self):
        run = Run(self, FAKE_JAX_MATMUL_SCALE=1.5)
        self.assertEqual(run.code, 1)
        self.assertIn("the matmul result is wrong", run.stderr)
        self.assertFalse(run.report["ok"])


class Workers(ProveSliceCase):
    def test_several_workers_initialize_jax_distributed(self):
        run = Run(self, NUM_WORKERS=2, FAKE_JAX_LOCAL_DEVICES=4)
        self.assertEqual(run.code, 0, run.stderr)
        self.assertIn("distributed.initialize", run.calls)
        self.assertEqual(run.report["localChips"], 4)
        self.assertEqual(sum(c.startswith("device_put") for c in run.calls), 4)

    def test_only_worker_0_writes_the_report(self):
        run = Run(self, NUM_WORKERS=2, FAKE_JAX_LOCAL_DEVICES=4, FAKE_JAX_PROCESS_INDEX=1)
        self.assertEqual(run.code, 0, run.stderr)
        self.assertFalse(os.path.exists(run.report_path))

    def test_every_worker_fails_on_a_mismatch(self):
        run = Run(self, NUM_WORKERS=2, FAKE_JAX_DEVICES=6, FAKE_JAX_LOCAL_DEVICES=3, FAKE_JAX_PROCESS_INDEX=1)
        self.assertEqual(run.code, 1)
        self.assertFalse(os.path.exists(run.report_path))


class Arguments(ProveSliceCase):
    def test_without_an_expected_chip_count_it_stops_with_status_2(self):
        run = Run(self, EXPECTED_CHIPS=None)
        self.assertEqual(run.code, 2)
        self.assertIn("EXPECTED_CHIPS", run.stderr)
        self.assertEqual(run.calls, [], "JAX is not touched before the arguments are valid")

    def test_a_bad_number_in_the_environment_stops_with_status_2(self):
        self.assertEqual(Run(self, PEAK_TFLOPS_PER_CHIP="lots").code, 2)

    def test_without_a_model_dir_or_output_it_stops_with_status_2(self):
        run = Run(self, MODEL_DIR=None)
        self.assertEqual(run.code, 2)
        self.assertIn("MODEL_DIR", run.stderr)

    def test_output_flag_chooses_the_file(self):
        target = os.path.join(self.tmp, "elsewhere", "report.json")
        run = Run(self, ["--output=" + target])
        self.assertEqual(run.code, 0, run.stderr)
        self.assertTrue(os.path.exists(target))
        self.assertFalse(os.path.exists(run.report_path))


if __name__ == "__main__":
    unittest.main()
