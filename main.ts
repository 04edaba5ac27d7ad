/**
 * The cdktf app: what `cdktf synth|diff|deploy` run (see cdktf.json). It only builds the app:
 * configuration is read and validated in src/config, stacks are composed in stacks/.
 */
import { loadEnvironments } from './src/config';
import { runCli } from './src/cli/exit';
import { buildApp } from './stacks/app';

runCli(() => {
  buildApp(loadEnvironments(process.env)).synth();
});
