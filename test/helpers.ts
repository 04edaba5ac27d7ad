import { Testing } from 'cdktf';
import {
  ConfigError,
  ENVIRONMENTS,
  environmentSchema,
  loadEnvironments,
  EnvironmentConfig,
  EnvironmentName,
  EnvironmentInput,
} from '../src/config';
import { EnvironmentStack } from '../stacks/environment-stack';

/** The committed configuration of one environment, validated, with optional changes. */
export function envConfig(
  name: EnvironmentName,
  change: (e: EnvironmentInput) => void = () => undefined,
): EnvironmentConfig {
  const input = structuredClone(ENVIRONMENTS[name]);
  change(input);
  return environmentSchema.parse(input);
}

export interface Synthesized {
  readonly json: string;
  readonly tf: TerraformJson;
  readonly stack: EnvironmentStack;
}

/** Terraform JSON, loosely typed for assertions. */
export interface TerraformJson {
  provider: Record<string, Record<string, unknown>[]>;
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  variable: Record<string, Record<string, unknown>>;
  output: Record<string, Record<string, unknown>>;
  terraform: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** Synthesizes one environment stack as `Testing.synth` does (metadata dropped, keys sorted). */
export function synthEnv(env: EnvironmentConfig): Synthesized {
  const app = Testing.app();
  const stack = new EnvironmentStack(app, env);
  const json = Testing.synth(stack);
  return { json, tf: JSON.parse(json) as TerraformJson, stack };
}

/** Every resource of every type, as [type, name, body]. */
export function allResources(tf: TerraformJson): [string, string, Record<string, unknown>][] {
  return Object.entries(tf.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => [type, name, body] as [string, string, Record<string, unknown>]),
  );
}

/** The resources of one type, as bodies. */
export function resourcesOf(tf: TerraformJson, type: string): Record<string, unknown>[] {
  return Object.values(tf.resource?.[type] ?? {});
}

/**
 * The one-line problems the configuration loader reports after `change` edits a copy of the committed
 * environment `name` (default dev); [] when it loads.
 */

export function configProblems(change: (e: Record<string, any>) => void, name: EnvironmentName = 'dev'): string[] {
  const copy = structuredClone(ENVIRONMENTS);
  change(copy[name] as Record<string, unknown>);
  try {
    loadEnvironments({ ENVIRONMENT: name }, copy);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  return [];
}
