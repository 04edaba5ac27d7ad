/**
 * The specs of the policy pack: its engine, rules and conditions, the synth that runs it, and what
 * the README and the catalog say of it, in one suite: test/spec-groups.test.ts says why. Each
 * spec's tests sit under a describe block named for its file; to run one spec:
 * `npx jest test/policy.test.ts -t '^<spec> '`.
 */
describe('policy-synth', () => {
  require('./policy-synth.spec');
});
describe('policy-engine', () => {
  require('./policy-engine.spec');
});
describe('policy-rules', () => {
  require('./policy-rules.spec');
});
describe('policy-conditions', () => {
  require('./policy-conditions.spec');
});
describe('readme-policy', () => {
  require('./readme-policy.spec');
});
describe('labelable-catalog', () => {
  require('./labelable-catalog.spec');
});
