import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { TPU_V6E } from '../../src/catalog/tpu';
import { projectFile } from '../../src/core/project-file';
import { DATA_LAKE_PREFIXES } from '../contracts';

/** The default training command's program, relative to the project root (the folder holding cdktf.json). */
export const PROVE_SLICE_SCRIPT = 'src/jobs/prove_slice.py';

/**
 * The default `training-setup`: JAX for TPUs from PyPI (the v6e runtime image does not document JAX as
 * part of it). Not pinned: pip picks the newest release that supports the image's Python; pin a version
 * here once one has been run on a real v6e.
 */
export const DEFAULT_TRAINING_SETUP = "python3 -m pip install --quiet --upgrade 'jax[tpu]'";

/** The default command's program as an object in the data lake: `scripts/prove-slice-<sha256 16>.py`. */
export interface ProveSliceProgram {
  /** The local file (uploaded at deploy). */
  readonly localPath: string;
  /** First 16 hex digits of its SHA-256: a changed file is a new object. */
  readonly hash: string;
  /** The object name, under the read-only code prefix. */
  readonly objectName: string;
}

export function proveSliceProgram(path = PROVE_SLICE_SCRIPT): ProveSliceProgram {
  const localPath = projectFile(path);
  const hash = createHash('sha256').update(readFileSync(localPath)).digest('hex').slice(0, 16);
  return { localPath, hash, objectName: `${DATA_LAKE_PREFIXES.scripts}/prove-slice-${hash}.py` };
}

export interface DefaultTrainingCommandOptions {
  /**
   * The program's object name in the data lake.
   * @default proveSliceProgram().objectName
   */
  readonly objectName?: string;
}

/**
 * The default training command: src/jobs/prove_slice.py, read from the data lake mount (the stack
 * uploads it under scripts/, which workloads can only read), on every worker. It expects the chips of
 * the slice it runs on (a v6e type's number is its chip count: TPU_ACCELERATOR_TYPE, which the launcher
 * reads from the worker's metadata) times NUM_SLICES, so a type changed at deploy time (the
 * tpu_accelerator_type input) is expected as it is; and the catalog's peak bf16 TFLOP/s per chip.
 */
export function defaultTrainingCommand(options: DefaultTrainingCommandOptions = {}): string {
  const objectName = options.objectName ?? proveSliceProgram().objectName;
  return `EXPECTED_CHIPS=$(( $(echo "$TPU_ACCELERATOR_TYPE" | cut -d- -f2) * NUM_SLICES )) PEAK_TFLOPS_PER_CHIP=${TPU_V6E.peakBf16TflopsPerChip} python3 "$DATA_LAKE_MOUNT/${objectName}"`;
}
