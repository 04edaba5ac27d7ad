"""Tests for src/jobs/preprocess.py with the standard library only (pyspark is not installed here).

Run: python3 -m unittest discover -s test/python -p test_preprocess.py   (npm test runs it from
test/preprocess-python.test.ts)
"""

import contextlib
import io
import os
import random
import sys
import unittest

JOB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "jobs", "preprocess.py")
sys.path.insert(0, os.path.dirname(JOB))

import preprocess as job  # noqa: E402

IN = "--input=gs://lake/raw-data/corpus"
OUT = "--output=gs://lake/processed-data/corpus"


def parse_error(argv, entry=None):
    """The message argparse prints for a bad argument list (it exits with status 2)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), unittest.TestCase().assertRaises(SystemExit) as exited:
        (entry or job.parse_args)(argv)
    assert exited.exception.code == 2, exited.exception.code
    return err.getvalue()


class TheFile(unittest.TestCase):
    def test_compiles(self):
        with open(JOB, encoding="utf-8") as f:
            compile(f.read(), JOB, "exec")

    def test_imports_without_pyspark(self):
        self.assertNotIn("pyspark", sys.modules, "pyspark must be imported lazily, inside run()")

    def test_main_parses_before_touching_spark(self):
        # main() would import pyspark in run(): a bad argument must stop it first, with status 2.
        self.assertIn("--input", parse_error(["--output=gs://x/y"], job.main))


class Arguments(unittest.TestCase):
    def test_the_template_arguments(self):
        args = job.parse_args([IN, OUT, "--format=csv", "--required-fields=text, id", "--key-fields=id", "--validation-fraction=0.1"])
        self.assertEqual(args.input, "gs://lake/raw-data/corpus")
        self.assertEqual(args.output, "gs://lake/processed-data/corpus")
        self.assertEqual(args.format, "csv")
        self.assertEqual(args.required_fields, ["text", "id"])
        self.assertEqual(args.key_fields, ["id"])
        self.assertEqual(args.validation_fraction, 0.1)

    def test_defaults(self):
        args = job.parse_args([IN, OUT])
        self.assertEqual((args.format, args.required_fields, args.key_fields, args.validation_fraction), ("jsonl", [], [], 0.05))

    def test_space_separated_values(self):
        self.assertEqual(job.parse_args(["--input", "gs://a/raw", "--output", "gs://a/out"]).input, "gs://a/raw")

    def test_input_and_output_are_required(self):
        self.assertIn("--output", parse_error([IN]))
        self.assertIn("--input", parse_error([OUT]))

    def test_unknown_format(self):
        self.assertIn("invalid choice: 'avro'", parse_error([IN, OUT, "--format=avro"]))

    def test_fraction_bounds(self):
        for bad in ("0", "1", "1.5", "-0.1", "half"):
            self.assertIn("--validation-fraction", parse_error([IN, OUT, "--validation-fraction=" + bad]), bad)

    def test_bad_field_names(self):
        self.assertIn("not a field name", parse_error([IN, OUT, "--key-fields=a,,b"]))
        self.assertIn("not a field name", parse_error([IN, OUT, "--required-fields=1st"]))

    def test_overlapping_folders(self):
        self.assertIn("overlap", parse_error(["--input=gs://lake/data", "--output=gs://lake/data/out"]))
        self.assertIn("overlap", parse_error(["--input=gs://lake/data/", "--output=gs://lake/data"]))
        job.parse_args(["--input=gs://lake/raw", "--output=gs://lake/raw-out"])  # a shared prefix is not an overlap

    def test_split_column_is_reserved(self):
        self.assertIn("partition column", parse_error([IN, OUT, "--key-fields=split"]))

    def test_empty_input(self):
        self.assertIn("empty", parse_error(["--input= ", OUT]))


class Version(unittest.TestCase):
    """--version=<name> (the pipeline passes its run id): output under <output>/<name>/."""

    def test_without_version_the_output_is_unchanged(self):
        args = job.parse_args([IN, OUT])
        self.assertIsNone(args.version)
        self.assertEqual(args.output, "gs://lake/processed-data/corpus")

    def test_version_is_a_subfolder_of_the_output(self):
        args = job.parse_args([IN, OUT, "--version=run-2026-12-01_a"])
        self.assertEqual(args.version, "run-2026-12-01_a")
        self.assertEqual(args.output, "gs://lake/processed-data/corpus/run-2026-12-01_a")
        self.assertEqual(job.parse_args([IN, OUT + "/", "--version=r1"]).output, "gs://lake/processed-data/corpus/r1")
        self.assertEqual(job.parse_args([IN, OUT, "--version", "r1"]).output, "gs://lake/processed-data/corpus/r1")

    def test_versioned_output(self):
        self.assertEqual(job.versioned_output("gs://b/p", "v1"), "gs://b/p/v1")
        self.assertEqual(job.versioned_output("gs://b/p//", "v1"), "gs://b/p/v1")

    def test_length_limits(self):
        self.assertEqual(job.parse_args([IN, OUT, "--version=a"]).version, "a")
        self.assertEqual(job.parse_args([IN, OUT, "--version=" + "a" * 63]).version, "a" * 63)
        self.assertIn("not a version name", parse_error([IN, OUT, "--version=" + "a" * 64]))

    def test_bad_names(self):
        for bad in ("", "Run1", "run.1", "run/1", "..", "../x", "run 1", "r\n1", "ümlaut"):
            self.assertIn("not a version name", parse_error([IN, OUT, "--version=" + bad]), repr(bad))

    def test_the_versioned_output_is_checked_for_overlap(self):
        # The previous run's processed data may be read while this run writes its own version...
        args = job.parse_args(["--input=gs://lake/processed-data/corpus/r1", OUT, "--version=r2"])
        self.assertEqual(args.output, "gs://lake/processed-data/corpus/r2")
        # ...but a version folder inside the input, or the input itself, is refused.
        self.assertIn("overlap", parse_error(["--input=gs://lake/processed-data/corpus/r1", OUT, "--version=r1"]))
        self.assertIn("overlap", parse_error(["--input=gs://lake/data", "--output=gs://lake/data", "--version=r1"]))


class Records(unittest.TestCase):
    def test_json_lines(self):
        self.assertEqual(job.parse_json_line('{"text": "a", "n": 1}'), {"text": "a", "n": 1})
        for bad in ("", "   ", "{not json", "[1, 2]", '"text"', "42", "null", None):
            self.assertIsNone(job.parse_json_line(bad), bad)

    def test_well_formed(self):
        self.assertTrue(job.is_well_formed({"text": "a"}, ["text"]))
        self.assertTrue(job.is_well_formed({"text": 0}, ["text"]))
        self.assertTrue(job.is_well_formed({}, []))
        for bad in ({}, {"text": None}, {"text": ""}, {"text": " \n"}, {"other": "a"}):
            self.assertFalse(job.is_well_formed(bad, ["text"]), bad)
        self.assertFalse(job.is_well_formed(["text"], []))

    def test_keys_ignore_field_order(self):
        self.assertEqual(job.record_key({"a": 1, "b": 2}, []), job.record_key({"b": 2, "a": 1}, []))

    def test_keys_use_only_key_fields(self):
        self.assertEqual(job.record_key({"text": "x", "src": 1}, ["text"]), job.record_key({"text": "x", "src": 2}, ["text"]))
        self.assertNotEqual(job.record_key({"text": "x"}, ["text"]), job.record_key({"text": "y"}, ["text"]))
        self.assertNotEqual(job.record_key({"a": "1", "b": ""}, ["a", "b"]), job.record_key({"a": "", "b": "1"}, ["a", "b"]))

    def test_keys_handle_non_json_values(self):
        import datetime
        self.assertEqual(job.record_key({"t": datetime.date(2026, 1, 2)}, []), '{"t":"2026-01-02"}')

    def test_duplicates_keep_one_record_whatever_the_order(self):
        records = [{"text": "a", "src": 2}, {"text": "b"}, {"text": "a", "src": 1}, {"text": "b"}]
        expected = sorted(job.canonical_json(r) for r in [{"text": "a", "src": 1}, {"text": "b"}])
        for seed in range(5):
            shuffled = records[:]
            random.Random(seed).shuffle(shuffled)
            kept = job.keep_first_duplicate(shuffled, ["text"])
            self.assertEqual(sorted(job.canonical_json(r) for r in kept), expected)


class Splits(unittest.TestCase):
    def test_split_is_a_pure_function_of_the_key(self):
        key = job.record_key({"text": "hello"}, ["text"])
        self.assertEqual({job.assign_split(key, 0.3) for _ in range(3)}, {job.assign_split(key, 0.3)})

    def test_known_keys_stay_where_they_are(self):
        # Changing the hash would move records between train and validation: these pin it down.
        self.assertEqual(job.split_bucket("hello"), 7114)
        self.assertEqual(job.split_bucket('["hello"]'), job.split_bucket(job.record_key({"text": "hello"}, ["text"])))
        self.assertEqual(job.assign_split("hello", 0.75), job.VALIDATION)
        self.assertEqual(job.assign_split("hello", 0.7), job.TRAIN)

    def test_fraction_is_respected(self):
        keys = [job.record_key({"text": "doc %d" % i}, ["text"]) for i in range(20000)]
        share = sum(job.assign_split(k, 0.05) == job.VALIDATION for k in keys) / len(keys)
        self.assertAlmostEqual(share, 0.05, delta=0.01)

    def test_growing_the_fraction_only_moves_records_into_validation(self):
        keys = [job.record_key({"text": "doc %d" % i}, ["text"]) for i in range(2000)]
        small = {k for k in keys if job.assign_split(k, 0.05) == job.VALIDATION}
        large = {k for k in keys if job.assign_split(k, 0.2) == job.VALIDATION}
        self.assertTrue(small < large)


if __name__ == "__main__":
    unittest.main()
