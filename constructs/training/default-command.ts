import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { findSlice, TPU_V6E } from '../../src/catalog/tpu';

/** The default training command's program, relative to the project root (the folder holding cdktf.json). */
export const PROVE_SLICE_SCRIPT = 'src/jobs/prove_slice.py';

/** The heredoc delimiter that carries the program inside the command; no line of the program may equal it. */
export const PROVE_SLICE_DELIMITER = 'PROVE_SLICE_PY';

/**
 * The default `training-setup`: JAX for TPUs from PyPI (the v6e runtime image does not document JAX as
 * part of it). Not pinned: pip picks the newest release that supports the image's Python; pin a version
 * here once one has been run on a real v6e.
 */
export const DEFAULT_TRAINING_SETUP = "python3 -m pip install --quiet --upgrade 'jax[tpu]'";

export interface DefaultTrainingCommandOptions {
  /** A literal v6e accelerator type (its chip count is the expectation). */
  readonly acceleratorType: string;
  /** Slices of that type. Default: 1. */
  readonly slices?: number;
  /** The program. Default: PROVE_SLICE_SCRIPT. Relative paths are read from the project root. */
  readonly programPath?: string;
}

/**
 * The default training command: src/jobs/prove_slice.py, embedded as a quoted heredoc (nothing in it is
 * expanded), run with `python3 -` on every worker, expecting `chips x slices` chips and the catalog's
 * peak bf16 TFLOP/s per chip. Throws when the accelerator type is not a literal v6e slice, or when the
 * program holds `${`, `%{` (Terraform templates) or the delimiter line.
 */
export function defaultTrainingCommand(options: DefaultTrainingCommandOptions): string {
  const slice = findSlice(options.acceleratorType);
  if (!slice)
    throw new Error(
      `defaultTrainingCommand: acceleratorType "${options.acceleratorType}" is not a literal TPU v6e slice; pass trainingCommand instead`,
    );
  const slices = options.slices ?? 1;
  const path = projectFile(options.programPath ?? PROVE_SLICE_SCRIPT);
  const program = readFileSync(path, 'utf8').replace(/\n+$/, '');
  if (/\$\{|%\{/.test(program))
    throw new Error(`defaultTrainingCommand: ${path} contains "\${" or "%{", which Terraform would read as a template`);
  if (program.split('\n').includes(PROVE_SLICE_DELIMITER))
    throw new Error(`defaultTrainingCommand: ${path} has a line "${PROVE_SLICE_DELIMITER}"`);
  return [
    `EXPECTED_CHIPS=${slice.chips * slices} PEAK_TFLOPS_PER_CHIP=${TPU_V6E.peakBf16TflopsPerChip} python3 - <<'${PROVE_SLICE_DELIMITER}'`,
    program,
    PROVE_SLICE_DELIMITER,
  ].join('\n');
}

function projectFile(path: string): string {
  if (isAbsolute(path)) return path;
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'cdktf.json'))) return join(dir, path);
    if (dirname(dir) === dir) return resolve(path);
  }
}
