import { evaluate, RULE_IDS, RULES } from '../src/policy';
import { RuleCase, STORAGE_IAM_CASES } from './fixtures/policy-cases';
import { NETWORK_WORKLOAD_CASES } from './fixtures/policy-cases-workloads';
import { REVIEW14_CASES } from './fixtures/policy-cases-review14';

const CASES: RuleCase[] = [...STORAGE_IAM_CASES, ...NETWORK_WORKLOAD_CASES, ...REVIEW14_CASES];

function findings(c: RuleCase) {
  // A JSON round trip, as a file would be read: drops undefined attributes.
  return evaluate(JSON.parse(JSON.stringify(c.json))).findings.filter((f) => f.rule === c.rule);
}

describe('every rule', () => {
  it.each(RULE_IDS.map((id) => [id]))('%s has a fixture that trips it and one that passes it', (id) => {
    expect(CASES.filter((c) => c.rule === id && c.expect === 'trip').length).toBeGreaterThan(0);
    expect(CASES.filter((c) => c.rule === id && c.expect === 'pass').length).toBeGreaterThan(0);
  });

  it('has a unique id of the form TPU-<AREA>-<NNN>, a level and a title', () => {
    expect(new Set(RULE_IDS).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^TPU-[A-Z]+-\d{3}$/);
      expect(['error', 'warning']).toContain(r.level);
      expect(r.title.length).toBeGreaterThan(10);
    }
    expect(RULES.filter((r) => r.level === 'warning').map((r) => r.id)).toEqual(['TPU-GCS-005', 'TPU-MON-001']);
  });
});

describe.each(CASES.filter((c) => c.expect === 'trip').map((c) => [`${c.rule} trips: ${c.name}`, c]))('%s', (_, c) => {
  it('reports the resource, the reason and a fix at the rule level', () => {
    const found = findings(c as RuleCase);
    const rule = RULES.find((r) => r.id === (c as RuleCase).rule)!;
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ address: (c as RuleCase).address, level: rule.level, checkov: rule.checkov });
    expect(found.map((f) => f.reason).join('\n')).toMatch((c as RuleCase).reason!);
    expect(found[0].fix).toMatch(/\w{3,}/);
  });
});

describe.each(CASES.filter((c) => c.expect === 'pass').map((c) => [`${c.rule} passes: ${c.name}`, c]))('%s', (_, c) => {
  it('reports nothing for the rule', () => {
    expect(findings(c as RuleCase)).toEqual([]);
  });
});
