import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../src/policy';

describe('docs/policy-and-cost.md (the policy pack and cost, moved from the README)', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const section = readFileSync(join(__dirname, '..', 'docs', 'policy-and-cost.md'), 'utf8');

  it('exists and is linked from the README', () => {
    expect(section).toMatch(/^# Policy pack and cost\n/);
    expect(section).toContain('\n## Rules\n');
    expect(readme).toContain('](docs/policy-and-cost.md)');
  });

  it.each(RULES.map((r) => [r.id, r]))('lists %s with its level and checkov id', (id, rule) => {
    const row = section.split('\n').find((l) => l.startsWith(`| \`${id}\` |`));
    expect(row).toBeDefined();
    const [, level, checkov] = row!.split(' | ').map((c) => c.trim());
    expect(level).toBe(rule.level);
    expect(checkov.replace(/ \(.*\)$/, '').replace(/`/g, '')).toBe(rule.checkov ?? '-');
  });

  it('shows how to suppress a finding and how to run both commands', () => {
    expect(section).toMatch(/suppress\(this\.\w+, 'TPU-[A-Z]+-\d{3}', '[^']+'\)/);
    expect(section).toContain('npm run policy -- ');
    expect(section).toContain('npm run cost -- prod');
  });
});
