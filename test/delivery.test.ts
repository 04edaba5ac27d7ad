/**
 * The specs of what the delivery tools make of the stacks: the written output, the Infrastructure
 * Manager and plain Terraform exports, Terraform 1.5.7 compatibility, the deployer roles, in one
 * suite: test/spec-groups.test.ts says why. Each spec's tests sit under a describe block named for
 * its file; to run one spec:
 * `npx jest test/delivery.test.ts -t '^<spec> '`.
 */
describe('determinism', () => {
  require('./determinism.spec');
});
describe('export-terraform', () => {
  require('./export-terraform.spec');
});
describe('export-im', () => {
  require('./export-im.spec');
});
describe('tf-compat', () => {
  require('./tf-compat.spec');
});
describe('delivery-docs', () => {
  require('./delivery-docs.spec');
});
