import { createHash } from 'node:crypto';
import type { DataprocBatchConfig } from '@cdktf/provider-google/lib/dataproc-batch';
import { literalText } from '../../src/core/validation';
import { PysparkBatchDefinition, ttlDuration } from './batch-definition';

/**
 * The three renderings of one PysparkBatchDefinition. Each reads the same fields and nothing else,
 * so the on-demand command, the scheduled request and the deploy-time batch cannot drift apart.
 */

function sortedEntries(map: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Leaves `list` out when empty, so bodies carry only what is set. */
function nonEmpty<T>(list: readonly T[]): T[] | undefined {
  return list.length ? [...list] : undefined;
}

/**
 * The workload as the Batch resource spells it. The provider's google_dataproc_batch fields carry
 * the same names in cdktf (`pysparkBatch.mainPythonFileUri`, `environmentConfig.executionConfig.ttl`,
 * ...), so one object serves both the REST body and the Terraform resource; the type keeps it so.
 */
export type BatchWorkload = Required<Pick<DataprocBatchConfig, 'pysparkBatch' | 'runtimeConfig' | 'environmentConfig'>>;

export function batchWorkload(def: PysparkBatchDefinition): BatchWorkload {
  return {
    pysparkBatch: {
      mainPythonFileUri: def.mainPythonFileUri,
      args: nonEmpty(def.args),
      pythonFileUris: nonEmpty(def.pythonFileUris),
      fileUris: nonEmpty(def.fileUris),
    },
    runtimeConfig: {
      version: def.runtimeVersion,
      properties: Object.fromEntries(sortedEntries(def.sparkProperties)),
    },
    environmentConfig: {
      executionConfig: {
        serviceAccount: def.serviceAccountEmail,
        subnetworkUri: def.subnetworkUri,
        networkTags: nonEmpty(def.networkTags),
        stagingBucket: def.stagingBucketName,
        ttl: ttlDuration(def.ttlSeconds),
      },
    },
  };
}

/**
 * The request body of `POST .../batches`: what Cloud Scheduler sends. `labels` is passed in (a map
 * or a lazy token) because labels are settled at synth time. There is no batch id: it is a query
 * parameter, and leaving it out makes the API generate a fresh one for every run.
 */
export function restBody(def: PysparkBatchDefinition, labels: unknown): Record<string, unknown> {
  return { ...batchWorkload(def), labels };
}

const SHELL_SAFE = /^[A-Za-z0-9_\-.,:/=@%+]*$/;

/** Quotes a word for POSIX shells when it needs it (tokens are bucket names, emails and ids: safe). */
export function shellWord(word: string): string {
  if (word !== '' && SHELL_SAFE.test(literalText(word))) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A gcloud list flag value: comma-separated, or with gcloud's alternate-delimiter syntax
 * (`^#^a#b,c`) when an item itself contains a comma.
 */
export function gcloudList(items: readonly string[]): string {
  if (!items.some((i) => i.includes(','))) return items.join(',');
  const delimiter = ['#', '|', '@', ';', '~'].find((d) => !items.some((i) => i.includes(d)));
  if (!delimiter) throw new Error(`no delimiter free for gcloud list ${JSON.stringify(items)}`);
  return `^${delimiter}^${items.join(delimiter)}`;
}

/** `--labels=k=v,...` (with a leading space), or nothing when there are no labels. */
export function gcloudLabelsFlag(labels: Readonly<Record<string, string>>): string {
  const entries = sortedEntries(labels);
  return entries.length ? ` ${shellWord(`--labels=${gcloudList(entries.map(([k, v]) => `${k}=${v}`))}`)}` : '';
}

export interface GcloudOptions {
  /** Prefix of the batch id; the command appends the UTC time of the run, so every run is new. */
  readonly batchIdPrefix: string;
  /** The `--labels` flag, from gcloudLabelsFlag (usually a lazy token settled at synth). */
  readonly labelsFlag: string;
}

/** `gcloud dataproc batches submit pyspark ...` with every flag filled in, on one line. */
export function gcloudCommand(def: PysparkBatchDefinition, options: GcloudOptions): string {
  const flags = [
    `--project=${def.projectId}`,
    `--region=${def.region}`,
    `--version=${def.runtimeVersion}`,
    `--service-account=${def.serviceAccountEmail}`,
    `--subnet=${def.subnetworkUri}`,
    ...(def.networkTags.length ? [`--tags=${gcloudList(def.networkTags)}`] : []),
    ...(def.stagingBucketName === undefined ? [] : [`--staging-bucket=${def.stagingBucketName}`]),
    `--ttl=${ttlDuration(def.ttlSeconds)}`,
  ];
  const properties = sortedEntries(def.sparkProperties).map(([k, v]) => `${k}=${v}`);
  if (properties.length) flags.push(`--properties=${gcloudList(properties)}`);
  if (def.pythonFileUris.length) flags.push(`--py-files=${gcloudList(def.pythonFileUris)}`);
  if (def.fileUris.length) flags.push(`--files=${gcloudList(def.fileUris)}`);
  // The batch id is left unquoted so the shell expands $(date ...) at each run.
  const batch = `--batch=${options.batchIdPrefix}-$(date -u +%Y%m%d-%H%M%S)`;
  const args = def.args.length ? ` -- ${def.args.map(shellWord).join(' ')}` : '';
  return `gcloud dataproc batches submit pyspark ${shellWord(def.mainPythonFileUri)} ${batch} ${flags.map(shellWord).join(' ')}${options.labelsFlag}${args}`;
}

/** JSON with object keys sorted, so equal values hash equally. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The deploy-time batch id: `<name>-<first 10 hex of the SHA-256 of what the batch is made of>`. */
export function hashedBatchId(name: string, material: unknown): string {
  return `${name}-${createHash('sha256').update(stableJson(material)).digest('hex').slice(0, 10)}`;
}
