/**
 * The specs of the configuration schema and the facts it is checked against: environments,
 * preprocessing, training, TPU prices, cost, problem lines, proto JSON, in one suite:
 * test/spec-groups.test.ts says why. Each spec's tests sit under a describe block named for its
 * file; to run one spec:
 * `npx jest test/configuration.test.ts -t '^<spec> '`.
 */
describe('config', () => {
  require('./config.spec');
});
describe('preprocessing-config', () => {
  require('./preprocessing-config.spec');
});
describe('training-config', () => {
  require('./training-config.spec');
});
describe('tpu-pricing', () => {
  require('./tpu-pricing.spec');
});
describe('cost', () => {
  require('./cost.spec');
});
describe('problem-line', () => {
  require('./problem-line.spec');
});
describe('proto-json', () => {
  require('./proto-json.spec');
});
