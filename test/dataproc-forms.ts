import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IServiceAccount } from '../constructs/contracts';
import { IWorkloadServiceAccount } from '../constructs/contracts';
import { fakeServiceAccount } from './fakes';

/**
 * Test helpers that read a synthesized batch template back in its three forms (the gcloud output,
 * the Cloud Scheduler body, the google_dataproc_batch) as one shape, so tests can compare them.
 */

type Json = Record<string, any>;

/** What every form must agree on. */
export interface BatchShape {
  mainPythonFileUri: string;
  args: string[];
  pythonFileUris: string[];
  runtimeVersion: string;
  properties: Record<string, string>;
  serviceAccount: string;
  subnetworkUri: string;
  networkTags: string[];
  stagingBucket: string;
  ttl: string;
  labels: Record<string, string>;
}

/** A worker identity that records what it was granted. */
export function fakeWorker(
  id = 'dataproc-worker',
): IWorkloadServiceAccount & { roles: string[]; actAs: { member: string; suffix?: string }[] } {
  const account = fakeServiceAccount(id);
  const roles: string[] = [];
  const actAs: { member: string; suffix?: string }[] = [];
  return {
    ...account,
    roles,
    actAs,
    ready: { fqn: `time_sleep.${id.replace(/-/g, '_')}_ready` },
    grantProjectRole: (role: string) => {
      roles.push(role);
      return { fqn: `google_project_iam_member.${id.replace(/-/g, '_')}_${role.replace(/\W/g, '_')}` };
    },
    grantActAs: (principal: IServiceAccount, suffix?: string) => {
      actAs.push({ member: principal.member, suffix });
      return { fqn: `google_service_account_iam_member.${id.replace(/-/g, '_')}_act_as_${suffix ?? 'user'}` };
    },
  };
}

/** Splits a one-line POSIX shell command into words (single quotes, '\'' and $(...) only, as shellWord writes). */
export function shellSplit(command: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === ' ') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated quote in ${command}`);
      word = (word ?? '') + command.slice(i + 1, end);
      i = end;
    } else if (c === '$' && command[i + 1] === '(') {
      const end = command.indexOf(')', i);
      word = (word ?? '') + command.slice(i, end + 1);
      i = end;
    } else if (c === '\\') {
      word = (word ?? '') + command[++i];
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** Reads a gcloud list flag value, including the `^#^a#b` alternate-delimiter form. */
function gcloudList(value: string): string[] {
  const alt = /^\^(.)\^(.*)$/.exec(value);
  return alt ? alt[2].split(alt[1]) : value.split(',');
}

function keyValues(items: string[]): Record<string, string> {
  return Object.fromEntries(items.map((i) => [i.slice(0, i.indexOf('=')), i.slice(i.indexOf('=') + 1)]));
}

/** The gcloud command's words as a BatchShape, plus the flags themselves. */
export function gcloudShape(command: string): BatchShape & { flags: Record<string, string> } {
  const words = shellSplit(command);
  expect(words.slice(0, 5)).toEqual(['gcloud', 'dataproc', 'batches', 'submit', 'pyspark']);
  const dashes = words.indexOf('--');
  const flagWords = words.slice(6, dashes < 0 ? undefined : dashes);
  const flags: Record<string, string> = {};
  for (const f of flagWords) {
    const m = /^--([a-z-]+)=(.*)$/.exec(f);
    if (!m) throw new Error(`not a --flag=value word: ${f}`);
    expect(flags).not.toHaveProperty(m[1]);
    flags[m[1]] = m[2];
  }
  return {
    flags,
    mainPythonFileUri: words[5],
    args: dashes < 0 ? [] : words.slice(dashes + 1),
    pythonFileUris: flags['py-files'] ? gcloudList(flags['py-files']) : [],
    runtimeVersion: flags.version,
    properties: flags.properties ? keyValues(gcloudList(flags.properties)) : {},
    serviceAccount: flags['service-account'],
    subnetworkUri: flags.subnet,
    networkTags: flags.tags ? gcloudList(flags.tags) : [],
    stagingBucket: flags['staging-bucket'],
    ttl: flags.ttl,
    labels: flags.labels ? keyValues(gcloudList(flags.labels)) : {},
  };
}

/** A REST Batch body (decoded) as a BatchShape. */
export function restShape(body: Json): BatchShape {
  const exec = body.environmentConfig.executionConfig;
  return {
    mainPythonFileUri: body.pysparkBatch.mainPythonFileUri,
    args: body.pysparkBatch.args ?? [],
    pythonFileUris: body.pysparkBatch.pythonFileUris ?? [],
    runtimeVersion: body.runtimeConfig.version,
    properties: body.runtimeConfig.properties ?? {},
    serviceAccount: exec.serviceAccount,
    subnetworkUri: exec.subnetworkUri,
    networkTags: exec.networkTags ?? [],
    stagingBucket: exec.stagingBucket,
    ttl: exec.ttl,
    labels: body.labels ?? {},
  };
}

/** A synthesized google_dataproc_batch as a BatchShape. */
export function terraformShape(batch: Json): BatchShape {
  const exec = batch.environment_config.execution_config;
  return {
    mainPythonFileUri: batch.pyspark_batch.main_python_file_uri,
    args: batch.pyspark_batch.args ?? [],
    pythonFileUris: batch.pyspark_batch.python_file_uris ?? [],
    runtimeVersion: batch.runtime_config.version,
    properties: batch.runtime_config.properties ?? {},
    serviceAccount: exec.service_account,
    subnetworkUri: exec.subnetwork_uri,
    networkTags: exec.network_tags ?? [],
    stagingBucket: exec.staging_bucket,
    ttl: exec.ttl,
    labels: batch.labels ?? {},
  };
}

const BODY_EXPRESSION = /^\$\{base64encode\(jsonencode\(local\.([A-Za-z0-9_-]+)\)\)\}$/;

function terraformAvailable(): boolean {
  return (
    spawnSync('terraform', ['version'], { env: { ...process.env, CHECKPOINT_DISABLE: '1' }, stdio: 'ignore' })
      .status === 0
  );
}

/**
 * Evaluates a Cloud Scheduler `http_target.body` the way Terraform will: with `terraform console`
 * over the stack's locals when the Terraform CLI is installed (no providers, no init, no network),
 * else by applying jsonencode and base64encode in JavaScript. Returns the base64 text.
 */
export function evaluateSchedulerBody(
  tf: Json,
  body: string,
): { base64: string; evaluatedBy: 'terraform' | 'javascript' } {
  const m = BODY_EXPRESSION.exec(body);
  if (!m) throw new Error(`scheduler body is not base64encode(jsonencode(local.X)): ${body}`);
  const local = tf.locals?.[m[1]];
  expect(local).toBeDefined();
  if (!terraformAvailable())
    return { base64: Buffer.from(JSON.stringify(local)).toString('base64'), evaluatedBy: 'javascript' };
  const dir = mkdtempSync(join(tmpdir(), 'tf-console-'));
  try {
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ locals: tf.locals }));
    const run = spawnSync('terraform', ['console'], {
      cwd: dir,
      input: `base64encode(jsonencode(local.${m[1]}))\n`,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_DATA_DIR: join(dir, '.terraform'), TF_IN_AUTOMATION: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (run.status !== 0) throw new Error(`terraform console failed: ${run.stderr}`);
    return { base64: JSON.parse(run.stdout.trim()) as string, evaluatedBy: 'terraform' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Base64 → UTF-8 → JSON, failing the test if any step does not hold. */
export function decodeBody(base64: string): Json {
  expect(base64).toMatch(/^[A-Za-z0-9+/]+=*$/);
  return JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as Json;
}
