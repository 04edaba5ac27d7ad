import { App } from 'cdktf';
import { EnvironmentConfig } from '../src/config';
import { EnvironmentStack } from './environment-stack';

export interface BuildAppOptions {
  /** Where to write; default: CDKTF_OUTDIR as set by the cdktf CLI, else `cdktf.out`. */
  readonly outdir?: string;
}

/** One App with one stack per validated environment. */
export function buildApp(environments: readonly EnvironmentConfig[], options: BuildAppOptions = {}): App {
  const app = new App({ outdir: options.outdir, skipValidation: false });
  for (const env of environments) new EnvironmentStack(app, env);
  return app;
}
