import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { TPU_V6E } from '../../src/catalog/tpu';

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
  /** The program. Default: PROVE_SLICE_SCRIPT. Relative paths are read from the project root. */
  readonly programPath?: string;
}

/**
 * The default training command: src/jobs/prove_slice.py, embedded as a quoted heredoc (nothing in it is
 * expanded), run with `python3 -` on every worker. It expects the chips of the slice it runs on
 * (a v6e type's number is its chip count: `TPU_ACCELERATOR_TYPE`, which the launcher reads from the
 * worker's metadata) times NUM_SLICES, so a type changed at deploy time (the tpu_accelerator_type input)
 * is expected as it is; and the catalog's peak bf16 TFLOP/s per chip. Throws when the program holds
 * `${`, `%{` (Terraform templates) or the delimiter line.
 */
export function defaultTrainingCommand(options: DefaultTrainingCommandOptions = {}): string {
  const path = projectFile(options.programPath ?? PROVE_SLICE_SCRIPT);
  const program = readFileSync(path, 'utf8').replace(/\n+$/, '');
  if (/\$\{|%\{/.test(program))
    throw new Error(`defaultTrainingCommand: ${path} contains "\${" or "%{", which Terraform would read as a template`);
  if (program.split('\n').includes(PROVE_SLICE_DELIMITER))
    throw new Error(`defaultTrainingCommand: ${path} has a line "${PROVE_SLICE_DELIMITER}"`);
  return [
    `EXPECTED_CHIPS=$(( $(echo "$TPU_ACCELERATOR_TYPE" | cut -d- -f2) * NUM_SLICES )) PEAK_TFLOPS_PER_CHIP=${TPU_V6E.peakBf16TflopsPerChip} python3 - <<'${PROVE_SLICE_DELIMITER}'`,
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
