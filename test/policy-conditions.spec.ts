import { conditionApplies, storageObject } from '../src/policy/conditions';
import { UNKNOWN } from '../src/policy';
import { objectPrefixesCondition, objectPrefixCondition, outsideBucketsCondition } from '../src/catalog';

/** The IAM condition evaluator the storage-writer rules (TPU-IAM-005, TPU-IAM-006) use. */
describe('conditionApplies', () => {
  const script = storageObject('lake', 'scripts/preprocess-0123.py');
  const checkpoint = storageObject('lake', 'checkpoints/run-1/step-10');

  it('reads the conditions this project writes', () => {
    const writes = objectPrefixesCondition('lake', ['checkpoints', 'models', 'runs']);
    expect(conditionApplies(writes, checkpoint)).toBe(true);
    expect(conditionApplies(writes, script)).toBe(false);
    const outside = outsideBucketsCondition(['lake', 'lake-tfstate']);
    expect(conditionApplies(outside, script)).toBe(false);
    expect(conditionApplies(outside, storageObject('other', 'x'))).toBe(true);
    expect(
      conditionApplies(outside, {
        type: 'dataproc.googleapis.com/Batch',
        name: '',
        service: 'dataproc.googleapis.com',
      }),
    ).toBe(true);
    const pipelineRoot = objectPrefixCondition('lake', 'pipeline-root');
    expect(conditionApplies(pipelineRoot, script)).toBe(false);
    expect(conditionApplies(pipelineRoot, storageObject('lake', 'pipeline-root/run/x'))).toBe(true);
  });

  it('honours precedence (&& before ||), negation and parentheses', () => {
    expect(conditionApplies('true || false && false', script)).toBe(true);
    expect(conditionApplies('(true || false) && false', script)).toBe(false);
    expect(conditionApplies('!resource.name.endsWith(".py")', script)).toBe(false);
    expect(conditionApplies('resource.service == "storage.googleapis.com"', script)).toBe(true);
  });

  it('is UNKNOWN for what it cannot read', () => {
    for (const e of [
      'request.time < timestamp("2030-01-01T00:00:00Z")',
      'resource.name.startsWith("a"',
      'resource.name.matches("x")',
      'resource.type == ',
      'true true',
    ])
      expect(conditionApplies(e, script)).toBe(UNKNOWN);
  });
});
