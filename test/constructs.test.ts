/**
 * The specs of each construct in a bare stack: the TPU, preprocessing, the data lake bucket,
 * monitoring, labels, identities, the queued-resource request, the pipeline spec, in one suite:
 * test/spec-groups.test.ts says why. Each spec's tests sit under a describe block named for its
 * file; to run one spec:
 * `npx jest test/constructs.test.ts -t '^<spec> '`.
 */
describe('tpu-node', () => {
  require('./tpu-node.spec');
});
describe('preprocessing-job', () => {
  require('./preprocessing-job.spec');
});
describe('dataproc-batch-template', () => {
  require('./dataproc-batch-template.spec');
});
describe('data-lake-bucket-construct', () => {
  require('./data-lake-bucket-construct.spec');
});
describe('monitoring-config', () => {
  require('./monitoring-config.spec');
});
describe('monitoring-rules', () => {
  require('./monitoring-rules.spec');
});
describe('labels', () => {
  require('./labels.spec');
});
describe('workload-identity', () => {
  require('./workload-identity.spec');
});
describe('tpu-queued-resource', () => {
  require('./tpu-queued-resource.spec');
});
describe('pipeline-spec', () => {
  require('./pipeline-spec.spec');
});
describe('cdktf-matchers', () => {
  require('./cdktf-matchers.spec');
});
describe('tpu-startup-script', () => {
  require('./tpu-startup-script.spec');
});
