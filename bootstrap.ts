/**
 * The bootstrap app (`npm run bootstrap -- <env>` runs it through `cdktf deploy --app`): one stack
 * per environment that creates the GCS bucket the environment stack keeps its state in, with local
 * state of its own. Kept out of main.ts, so `npm run synth`, `cdktf diff` and `cdktf deploy` of the
 * environments never touch the state buckets.
 */
import { loadEnvironments } from './src/config';
import { runCli } from './src/tools/cli/exit';
import { buildBootstrapApp } from './stacks/bootstrap-stack';

runCli(() => {
  buildBootstrapApp(loadEnvironments(process.env)).synth();
});
