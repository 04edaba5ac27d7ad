/**
 * `npm run export:im -- <env>`: synthesizes one environment and writes the Infrastructure Manager
 * root module to `cdktf.out/infra-manager/<env>/` (main.tf.json and the assets it uploads, no
 * backend, `project_id` required, checked against Terraform 1.5.7), then prints the gcloud command.
 */
import { ENVIRONMENT_NAMES, loadEnvironments } from '../../config';
import { InputError } from '../../core/errors';
import { checkOutputFolder } from '../../core/output-folder';
import { exportRootModule } from '../delivery/export-im';
import { exportDir, gcloudApplyCommand } from '../delivery/infra-manager';
import { parseEnvironmentArg, withSynthesizedStack } from '../delivery/synth-one';
import { runCli } from './exit';
import { configInputs, ENVIRONMENT_VARIABLE, formatUsage } from './usage';
import { shown } from '../../core/problem-line';

const USAGE = formatUsage({
  command: 'npm run export:im -- <env>',
  what: [
    'Synthesizes one environment and writes the Infrastructure Manager root module to cdktf.out/infra-manager/<env>/',
    '(main.tf.json and its assets, checked against Terraform 1.5.7), then prints the gcloud command to deploy it.',
  ].join('\n'),
  args: [['<env>', `one of ${ENVIRONMENT_NAMES.join(', ')}`]],
  env: [
    [ENVIRONMENT_VARIABLE[0], 'unset, or the same as <env>'],
    ...configInputs(),
    ['CDKTF_OUTDIR', 'output folder (default cdktf.out)'],
  ],
});

runCli(() => {
  const [arg, ...rest] = process.argv.slice(2);
  if (rest.length)
    throw new InputError([`arguments=${shown(rest.join(' '))}: unexpected; allowed: npm run export:im -- <env>`]);
  const name = parseEnvironmentArg(arg, process.env);
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  loadEnvironments({ ...process.env, ENVIRONMENT: name });
  checkOutputFolder(outdir);
  const out = exportDir(name, outdir);
  const result = withSynthesizedStack(name, process.env, (stackDir) => exportRootModule(stackDir, out));
  const [env] = loadEnvironments({ ...process.env, ENVIRONMENT: name });
  process.stdout.write(
    [
      `${result.dir}/ (main.tf.json${result.assets.length ? ` and ${result.assets.length} asset(s)` : ''})`,
      '',
      'Deploy it with Infrastructure Manager (project_id is required; the other values are the defaults):',
      '',
      gcloudApplyCommand(env),
      '',
    ].join('\n'),
  );
}, USAGE);
