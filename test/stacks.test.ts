/**
 * The specs of the environment and bootstrap stacks, synthesized from the committed configuration
 * and from changed copies of it, in one suite: test/spec-groups.test.ts says why. Each spec's tests
 * sit under a describe block named for its file; to run one spec:
 * `npx jest test/stacks.test.ts -t '^<spec> '`.
 */
describe('environment-stack', () => {
  require('./environment-stack.spec');
});
describe('network', () => {
  require('./network.spec');
});
describe('data-lake-bucket', () => {
  require('./data-lake-bucket.spec');
});
describe('service-accounts', () => {
  require('./service-accounts.spec');
});
describe('toggle', () => {
  require('./toggle.spec');
});
describe('bootstrap-stack', () => {
  require('./bootstrap-stack.spec');
});
describe('monitoring', () => {
  require('./monitoring.spec');
});
describe('vertex-pipeline', () => {
  require('./vertex-pipeline.spec');
});
describe('diagram', () => {
  require('./diagram.spec');
});
describe('training-runs', () => {
  require('./training-runs.spec');
});
