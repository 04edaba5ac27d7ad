/**
 * `npm run synth`: validates the configuration, synthesizes every environment (or ENVIRONMENT) into a
 * staging folder, runs the policy pack, and only when all of that succeeded replaces `cdktf.out/stacks`
 * and the manifest (see stacks/synthesize.ts). Prints the written files on stdout, and the policy
 * pack's warnings and suppressed findings on stderr.
 */
import { join } from 'node:path';
import { InputError } from '../../core/errors';
import { policyLines } from '../../policy';
import { leftOverLines, synthesizeStacks } from '../../../stacks/synthesize';
import { runCli } from './exit';
import { configInputs, ENVIRONMENT_VARIABLE, formatUsage } from './usage';
import { shown } from '../../core/problem-line';

const USAGE = formatUsage({
  command: 'npm run synth',
  what: [
    'Validates the configuration, synthesizes every environment (or ENVIRONMENT) to cdktf.out/stacks/<env>/cdk.tf.json',
    'and runs the policy pack; on any problem prints one line each, exits 1 and leaves cdktf.out as it was.',
  ].join('\n'),
  env: [
    [ENVIRONMENT_VARIABLE[0], `${ENVIRONMENT_VARIABLE[1]} (default: all)`],
    ...configInputs(),
    ['CDKTF_OUTDIR', 'output folder (default cdktf.out)'],
  ],
});

runCli(() => {
  const args = process.argv.slice(2);
  if (args.length)
    throw new InputError([
      `arguments=${shown(args.join(' '))}: unexpected; allowed: none (ENVIRONMENT=<env> npm run synth selects one environment)`,
    ]);
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  const result = synthesizeStacks(process.env, outdir);
  for (const line of [...policyLines(result.policy), ...leftOverLines(result.leftOver)])
    process.stderr.write(`${line}\n`);
  for (const name of result.stacks) process.stdout.write(`${join(outdir, 'stacks', name, 'cdk.tf.json')}\n`);
}, USAGE);
