/**
 * The cdktf app: what `cdktf synth|diff|deploy` run (see cdktf.json). Configuration is read and
 * validated in src/config, stacks are composed in stacks/, and the output is staged and checked by the
 * policy pack before it replaces CDKTF_OUTDIR (stacks/synthesize.ts), as `npm run synth` does.
 */
import { runCli } from './src/tools/cli/exit';
import { policyLines } from './src/policy';
import { leftOverLines, synthesizeStacks } from './stacks/synthesize';

runCli(() => {
  const result = synthesizeStacks(process.env, process.env.CDKTF_OUTDIR ?? 'cdktf.out');
  for (const line of [...policyLines(result.policy), ...leftOverLines(result.leftOver)])
    process.stderr.write(`${line}\n`);
});
