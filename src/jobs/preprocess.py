"""Preprocessing job for Serverless for Apache Spark (Dataproc Serverless).

Reads raw records (JSON lines, CSV with a header row, or Parquet) from --input, drops malformed and
duplicate records, assigns each record to the train or validation split by a hash of its key (the
same record always lands in the same split, run after run), and writes Parquet with Snappy
compression, partitioned by split, to --output (replacing what was there). With --version=NAME the
output goes to <output>/NAME/ instead (the training pipeline passes its run id), so each run keeps
its own processed data.

The record-level rules are the pure functions below; the Spark part only applies them, so they can be
tested with the standard library alone. pyspark is imported inside run(), never at module level.

Usage (the stack's batch template sets every argument):
  preprocess.py --input=gs://BUCKET/raw-data/corpus --output=gs://BUCKET/processed-data/corpus
                --format=jsonl --required-fields=text --key-fields=text --validation-fraction=0.05
                [--version=RUN_ID]
"""

import argparse
import hashlib
import json
import re
import sys

FORMATS = ("jsonl", "csv", "parquet")
SPLIT_COLUMN = "split"
TRAIN = "train"
VALIDATION = "validation"
# Keys are hashed into this many buckets; the validation split takes the lowest ones.
SPLIT_BUCKETS = 10000

_KEY_COLUMN = "__preprocess_key"
_RANK_COLUMN = "__preprocess_rank"
_NOTHING_WELL_FORMED = "no well-formed records in %s: is --format=%s right?"


class ArgumentError(ValueError):
    """A bad argument: reported as one line, exit status 2."""


def _field_list(text):
    names = [name.strip() for name in text.split(",")] if text else []
    for name in names:
        if not name or not (name[0].isalpha() or name[0] == "_") or not all(c.isalnum() or c == "_" for c in name):
            raise argparse.ArgumentTypeError('"%s" is not a field name (letters, digits and _)' % text)
    return names


def _fraction(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError('"%s" is not a number' % text)
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError('"%s" is not strictly between 0 and 1' % text)
    return value


def _version(text):
    if not re.fullmatch(r"[a-z0-9_-]{1,63}", text):
        raise argparse.ArgumentTypeError('"%s" is not a version name (1-63 characters of a-z, 0-9, - and _)' % text)
    return text


def build_parser():
    parser = argparse.ArgumentParser(prog="preprocess.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", required=True, help="folder of raw records, e.g. gs://BUCKET/raw-data/corpus")
    parser.add_argument("--output", required=True, help="folder for Parquet output, e.g. gs://BUCKET/processed-data/corpus")
    parser.add_argument("--format", choices=FORMATS, default="jsonl", help="format of the raw records (default: jsonl)")
    parser.add_argument("--required-fields", type=_field_list, default=[], help="comma-separated fields every record must have")
    parser.add_argument("--key-fields", type=_field_list, default=[], help="comma-separated fields that identify a duplicate (default: the whole record)")
    parser.add_argument("--validation-fraction", type=_fraction, default=0.05, help="share of keys in the validation split (default: 0.05)")
    parser.add_argument("--version", type=_version, help="write to <output>/VERSION/ instead of <output>/ (1-63 of a-z, 0-9, -, _)")
    return parser


def _folder(uri):
    return uri.rstrip("/") + "/"


def parse_args(argv):
    """Parses and checks the arguments; argparse exits with status 2 on a bad one.

    With --version, args.output is the versioned folder <output>/<version> (what run() writes)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    for name in ("input", "output"):
        if not getattr(args, name).strip():
            parser.error("--%s is empty" % name)
    if args.version is not None:
        args.output = versioned_output(args.output, args.version)
    source, target = _folder(args.input), _folder(args.output)
    if source.startswith(target) or target.startswith(source):
        parser.error("--output (%s) and --input (%s) overlap: the output would overwrite or re-read the input" % (args.output, args.input))
    if SPLIT_COLUMN in args.key_fields or SPLIT_COLUMN in args.required_fields:
        parser.error('"%s" is the output partition column and cannot be an input field' % SPLIT_COLUMN)
    return args


def versioned_output(output, version):
    """The folder a version's output goes to: <output>/<version> (one slash between them)."""
    return output.rstrip("/") + "/" + version


def parse_json_line(line):
    """A JSON object from one line of JSON-lines input, or None when the line is blank or malformed."""
    if line is None or not line.strip():
        return None
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def is_well_formed(record, required_fields):
    """True when `record` is a mapping whose required fields are present, not null and not blank."""
    if not isinstance(record, dict):
        return False
    for field in required_fields:
        value = record.get(field)
        if value is None:
            return False
        if isinstance(value, str) and not value.strip():
            return False
    return True


def canonical_json(value):
    """One spelling per value: sorted keys, no spaces, non-JSON types (dates, decimals) as strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def record_key(record, key_fields):
    """What makes two records duplicates: the key fields' values (or the whole record), canonically."""
    if key_fields:
        return canonical_json([record.get(field) for field in key_fields])
    return canonical_json(record)


def split_bucket(key):
    """The key's bucket in [0, SPLIT_BUCKETS): the first 32 bits of its SHA-256, modulo."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % SPLIT_BUCKETS


def assign_split(key, validation_fraction):
    """TRAIN or VALIDATION for a key, by hash: deterministic across runs, machines and record order."""
    return VALIDATION if split_bucket(key) < round(validation_fraction * SPLIT_BUCKETS) else TRAIN


def duplicate_rank(record):
    """Orders duplicates: the record with the smallest canonical form is kept, whatever the input order."""
    return canonical_json(record)


def keep_first_duplicate(records, key_fields):
    """The records with duplicates removed, keeping for each key the one duplicate_rank puts first."""
    kept = {}
    for record in records:
        key = record_key(record, key_fields)
        if key not in kept or duplicate_rank(record) < duplicate_rank(kept[key]):
            kept[key] = record
    return list(kept.values())


def run(args):  # pragma: no cover - needs Spark; the rules it applies are tested without it
    from pyspark.sql import SparkSession, Window
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    spark = SparkSession.builder.appName("preprocess").getOrCreate()
    if not _has_files(spark, args.input):
        print(json.dumps({"input": args.input, "records": 0, "note": "no input files: nothing written"}))
        return 0

    if args.format == "jsonl":
        lines = spark.read.option("recursiveFileLookup", "true").text(args.input)
        # Malformed lines are dropped by parse_json_line; Spark infers the schema from the rest.
        parsed = lines.rdd.map(lambda row: parse_json_line(row.value)).filter(lambda r: r is not None).map(canonical_json).cache()
        if parsed.isEmpty():
            raise SystemExit(_NOTHING_WELL_FORMED % (args.input, args.format))
        frame = spark.read.json(parsed)
    elif args.format == "csv":
        frame = (spark.read.option("header", "true").option("mode", "DROPMALFORMED")
                 .option("recursiveFileLookup", "true").csv(args.input))
    else:
        frame = spark.read.option("recursiveFileLookup", "true").parquet(args.input)
    if not frame.columns:
        raise SystemExit(_NOTHING_WELL_FORMED % (args.input, args.format))
    if SPLIT_COLUMN in frame.columns:
        raise SystemExit('input has a "%s" column, which is the output partition column' % SPLIT_COLUMN)

    columns = [F.col("`%s`" % c) for c in frame.columns]
    required, keys, fraction = list(args.required_fields), list(args.key_fields), args.validation_fraction
    as_dict = lambda row: row.asDict(recursive=True)  # noqa: E731
    well_formed = F.udf(lambda row: is_well_formed(as_dict(row), required), T.BooleanType())
    key_of = F.udf(lambda row: record_key(as_dict(row), keys), T.StringType())
    rank_of = F.udf(lambda row: duplicate_rank(as_dict(row)), T.StringType())
    split_of = F.udf(lambda key: assign_split(key, fraction), T.StringType())

    record = F.struct(*columns)
    valid = frame.where(well_formed(record)).withColumn(_KEY_COLUMN, key_of(record)).withColumn(_RANK_COLUMN, rank_of(record))
    first = Window.partitionBy(_KEY_COLUMN).orderBy(_RANK_COLUMN)
    unique = (valid.withColumn("__n", F.row_number().over(first)).where(F.col("__n") == 1)
              .withColumn(SPLIT_COLUMN, split_of(F.col(_KEY_COLUMN)))
              .drop("__n", _KEY_COLUMN, _RANK_COLUMN)).cache()

    counts = {row[SPLIT_COLUMN]: row["count"] for row in unique.groupBy(SPLIT_COLUMN).count().collect()}
    if not counts:
        raise SystemExit(_NOTHING_WELL_FORMED % (args.input, args.format))
    (unique.write.mode("overwrite").option("compression", "snappy")
     .partitionBy(SPLIT_COLUMN).parquet(args.output))
    print(json.dumps({"input": args.input, "output": args.output, "splits": counts}, sort_keys=True))
    return 0


def _has_files(spark, uri):  # pragma: no cover - needs Spark
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    return fs.exists(path) and fs.listFiles(path, True).hasNext()


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
