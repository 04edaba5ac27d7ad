"""Proves a TPU slice: the default training command of a training run.

Runs on every worker of the run's TPU nodes (the training launcher starts it with RUN_ID, MODEL_DIR,
WORKER_ID, NUM_WORKERS, NUM_SLICES in the environment). It

1. checks that JAX sees the TPU chips the request asked for (EXPECTED_CHIPS, over all slices), on the
   expected platform (tpu): a mismatch means a broken or mis-sized slice, and exits 1;
2. times a bf16 matrix multiplication on each of this worker's chips and reports TFLOP/s per chip
   against the chip's peak (PEAK_TFLOPS_PER_CHIP, the catalog's 918 for v6e);
3. writes MODEL_DIR/prove-slice.json (worker 0 only; temporary file, then rename) and prints one line.

Flags override the environment: --expected-chips, --peak-tflops-per-chip, --matrix-size, --iterations,
--output, --platform. Exit codes: 0 proven, 1 check failed, 2 bad arguments. Standard library plus JAX
(imported only after the arguments are read, so this file loads without JAX).
"""

import argparse
import json
import os
import sys
import time

RESULT_FILE = "prove-slice.json"


def _env_int(name):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else None


def _env_float(name):
    value = os.environ.get(name)
    return float(value) if value not in (None, "") else None


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="prove_slice.py", description="Check a TPU slice's chips and time a bf16 matmul.")
    parser.add_argument("--expected-chips", type=int, help="chips over all slices (default: $EXPECTED_CHIPS)")
    parser.add_argument("--peak-tflops-per-chip", type=float, help="peak bf16 TFLOP/s of one chip (default: $PEAK_TFLOPS_PER_CHIP)")
    parser.add_argument("--matrix-size", type=int, default=8192, help="n of the n x n bf16 matrices (default: 8192)")
    parser.add_argument("--iterations", type=int, default=100, help="chained matmuls per chip in the timed run (default: 100)")
    parser.add_argument("--output", help="report file (default: $MODEL_DIR/" + RESULT_FILE + ")")
    parser.add_argument("--platform", default="tpu", help="JAX platform the devices must be on (default: tpu)")
    try:
        args = parser.parse_args(argv)
        if args.expected_chips is None:
            args.expected_chips = _env_int("EXPECTED_CHIPS")
        if args.peak_tflops_per_chip is None:
            args.peak_tflops_per_chip = _env_float("PEAK_TFLOPS_PER_CHIP")
    except ValueError as error:
        parser.error("EXPECTED_CHIPS / PEAK_TFLOPS_PER_CHIP: " + str(error))
    if args.expected_chips is None or args.expected_chips < 1:
        parser.error("--expected-chips (or EXPECTED_CHIPS) must be a whole number of at least 1")
    if args.peak_tflops_per_chip is None or args.peak_tflops_per_chip <= 0:
        parser.error("--peak-tflops-per-chip (or PEAK_TFLOPS_PER_CHIP) must be a positive number")
    if args.matrix_size < 128 or args.iterations < 1:
        parser.error("--matrix-size must be at least 128 and --iterations at least 1")
    if args.output is None:
        model_dir = os.environ.get("MODEL_DIR")
        if not model_dir:
            parser.error("--output or MODEL_DIR is required")
        args.output = os.path.join(model_dir, RESULT_FILE)
    return args


def matmul_flops(n, iterations):
    """Floating-point operations of `iterations` n x n by n x n matrix products (2 n^3 each)."""
    return 2 * n ** 3 * iterations


def benchmark(jax, jnp, n, iterations):
    """Times `iterations` chained bf16 matmuls on every local chip at once; returns (seconds, sample).

    Every entry of both matrices is 1/n, so every product is again 1/n (exact in bf16 for n a power of
    two): the values stay bounded however long the chain, and `sample` (one entry of the result, read
    back) should be 1/n.
    """
    def chain(a, b):
        return jax.lax.fori_loop(0, iterations, lambda _, c: jnp.matmul(c, b), a)

    run = jax.jit(chain)
    devices = jax.local_devices()
    inputs = []
    for device in devices:
        a = jax.device_put(jnp.full((n, n), 1.0 / n, dtype=jnp.bfloat16), device)
        inputs.append((a, a))
    for a, b in inputs:  # compile and warm up once per chip
        run(a, b).block_until_ready()
    start = time.perf_counter()
    outputs = [run(a, b) for a, b in inputs]  # dispatched asynchronously: all chips run together
    for out in outputs:
        out.block_until_ready()
    seconds = time.perf_counter() - start
    return seconds, float(outputs[0][0, 0])


def write_report(path, report):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    import jax  # noqa: E402  (lazily: the file must load and parse its arguments without JAX)
    import jax.numpy as jnp  # noqa: E402

    if int(os.environ.get("NUM_WORKERS") or "1") > 1:
        jax.distributed.initialize()  # arguments auto-detected on Cloud TPU VMs

    devices = jax.devices()
    chips = jax.device_count()
    local_chips = jax.local_device_count()
    platform = devices[0].platform if devices else "none"
    report = {
        "runId": os.environ.get("RUN_ID"),
        "worker": jax.process_index(),
        "workers": jax.process_count(),
        "platform": platform,
        "expectedPlatform": args.platform,
        "chips": chips,
        "expectedChips": args.expected_chips,
        "localChips": local_chips,
        "deviceKind": getattr(devices[0], "device_kind", None) if devices else None,
        "peakTflopsPerChip": args.peak_tflops_per_chip,
        "matrixSize": args.matrix_size,
        "iterations": args.iterations,
    }
    problems = []
    if platform != args.platform:
        problems.append("JAX runs on %r, not %r (is libtpu installed?)" % (platform, args.platform))
    if chips != args.expected_chips:
        problems.append("JAX sees %d chips, the slice should have %d" % (chips, args.expected_chips))

    if not problems:
        seconds, sample = benchmark(jax, jnp, args.matrix_size, args.iterations)
        per_chip = matmul_flops(args.matrix_size, args.iterations) / seconds / 1e12
        expected = 1.0 / args.matrix_size
        report.update(
            seconds=round(seconds, 6),
            tflopsPerChip=round(per_chip, 3),
            fractionOfPeak=round(per_chip / args.peak_tflops_per_chip, 4),
            sample=sample,
            sampleExpected=expected,
        )
        if abs(sample - expected) > 0.05 * expected:
            problems.append("the matmul result is wrong: %r instead of %r" % (sample, expected))

    report["ok"] = not problems
    report["problems"] = problems
    if jax.process_index() == 0:
        write_report(args.output, report)
    if problems:
        for problem in problems:
            print("prove-slice: FAILED: " + problem, file=sys.stderr)
        return 1
    print(
        "prove-slice: ok: %d %s chips, %.1f TFLOP/s per chip bf16 (%.1f%% of %g peak)"
        % (chips, platform, report["tflopsPerChip"], 100 * report["fractionOfPeak"], args.peak_tflops_per_chip)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
