import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../src/policy';

describe('README "Policy pack and cost"', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Policy pack and cost'));

  it('exists', () => {
    expect(readme).toContain('\n## Policy pack and cost\n');
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
