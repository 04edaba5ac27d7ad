/**
 * The specs of the commands people run, as bundles (spawned, and in this process): synth, the stack
 * commands, policy and cost, plan summaries, every --help, the output writer, in one suite:
 * test/spec-groups.test.ts says why. Each spec's tests sit under a describe block named for its
 * file; to run one spec:
 * `npx jest test/commands.test.ts -t '^<spec> '`.
 */
describe('cli', () => {
  require('./cli.spec');
});
describe('stack-commands', () => {
  require('./stack-commands.spec');
});
describe('policy-cli', () => {
  require('./policy-cli.spec');
});
describe('plan-summary', () => {
  require('./plan-summary.spec');
});
describe('cli-help', () => {
  require('./cli-help.spec');
});
describe('write-output', () => {
  require('./write-output.spec');
});
