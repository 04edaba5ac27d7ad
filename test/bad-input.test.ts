/**
 * The specs of bad input to every command, one row per case: the one line, the exit code, the last
 * good output left as it was, in one suite: test/spec-groups.test.ts says why. Each spec's tests
 * sit under a describe block named for its file; to run one spec:
 * `npx jest test/bad-input.test.ts -t '^<spec> '`.
 */
describe('bad-input-synth', () => {
  require('./bad-input-synth.spec');
});
describe('bad-input-stack', () => {
  require('./bad-input-stack.spec');
});
describe('bad-input-export-im', () => {
  require('./bad-input-export-im.spec');
});
describe('bad-input-plan-summary', () => {
  require('./bad-input-plan-summary.spec');
});
describe('bad-input-policy', () => {
  require('./bad-input-policy.spec');
});
describe('bad-input-diagram', () => {
  require('./bad-input-diagram.spec');
});
describe('bad-input-bench', () => {
  require('./bad-input-bench.spec');
});
