/**
 * `npm run pipeline -- <env>`: synthesizes one environment and writes what its training runs send, for
 * a reviewer to read: the generated KFP pipeline spec, the TPU queued-resource request and the run
 * parameters, to `cdktf.out/pipeline/<env>/`.
 */
import { ENVIRONMENT_NAMES } from '../../config';
import { InputError } from '../../core/errors';
import { shown } from '../../core/problem-line';
import { pipelineDir, writePipelineFiles } from '../delivery/pipeline-files';
import { parseEnvironmentArg, withSynthesizedStack } from '../delivery/synth-one';
import { runCli } from './exit';
import { configInputs, ENVIRONMENT_VARIABLE, formatUsage } from './usage';

const USAGE = formatUsage({
  command: 'npm run pipeline -- <env>',
  what: [
    'Synthesizes one environment and writes what a training run sends to cdktf.out/pipeline/<env>/:',
    'pipeline-spec.json (the generated KFP spec), tpu-request.json (the TPU queued resource), parameter-values.json.',
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
    throw new InputError([`arguments=${shown(rest.join(' '))}: unexpected; allowed: npm run pipeline -- <env>`]);
  const name = parseEnvironmentArg(arg, process.env);
  const dir = pipelineDir(name, process.env.CDKTF_OUTDIR ?? 'cdktf.out');
  const result = withSynthesizedStack(name, process.env, (_stackDir, tf) => writePipelineFiles(tf, dir));
  process.stdout.write(`${result.files.join('\n')}\n`);
}, USAGE);
