import { readFileSync } from 'fs';
import { join } from 'path';
import {
  TPU_CAPACITY_MODES,
  TPU_V6E,
  TPU_V6E_PRICING,
  TPU_V6E_QUOTA_GRANT,
  tpuHourlyPrice,
  tpuQuotaFor,
} from '../src/catalog';

describe('TPU v6e quota (catalog, Dec 2026)', () => {
  it('is 0 chips in a new project, on-demand and preemptible alike, granted through support', () => {
    expect(TPU_V6E_QUOTA_GRANT.newProjectChips).toEqual({ 'on-demand': 0, preemptible: 0 });
    expect(TPU_V6E_QUOTA_GRANT.grantedThrough).toMatch(/support/);
    expect(TPU_V6E_QUOTA_GRANT.source.url).toContain('cloud.google.com/tpu/docs/quota');
    expect(TPU_V6E_QUOTA_GRANT.source.checked).toBe('2026-12');
  });

  it('draws spot on preemptible quota and on-demand on on-demand quota', () => {
    expect(tpuQuotaFor('spot')).toEqual({ kind: 'preemptible', newProjectChips: 0 });
    expect(tpuQuotaFor('on-demand')).toEqual({ kind: 'on-demand', newProjectChips: 0 });
    expect(tpuQuotaFor('reserved')).toEqual({ kind: 'reservation', newProjectChips: undefined });
    expect(Object.keys(TPU_V6E_QUOTA_GRANT.byCapacity).sort()).toEqual([...TPU_CAPACITY_MODES].sort());
  });
});

describe('tpuHourlyPrice', () => {
  it('prices a slice per chip from the GA announcement', () => {
    expect(tpuHourlyPrice('v6e-8', 'on-demand')).toMatchObject({
      chips: 8,
      usdPerChipHour: 2.7,
      usdPerHour: 21.6,
      basis: 'on-demand',
      asOf: '2024-12-11',
    });
    expect(tpuHourlyPrice('v6e-256', 'on-demand')?.usdPerHour).toBe(691.2);
    expect(tpuHourlyPrice('v6e-1', 'on-demand')?.usdPerHour).toBe(2.7);
  });

  it('prices reserved capacity at the commitment rate', () => {
    expect(tpuHourlyPrice('v6e-8', 'reserved')).toMatchObject({
      usdPerChipHour: 1.89,
      usdPerHour: 15.12,
      basis: '1-year commitment',
    });
    expect(tpuHourlyPrice('v6e-8', 'reserved', '3-year')).toMatchObject({
      usdPerChipHour: 1.22,
      usdPerHour: 9.76,
      basis: '3-year commitment',
    });
  });

  it('says spot is unknown rather than guessing', () => {
    const spot = tpuHourlyPrice('v6e-4', 'spot')!;
    expect(spot.usdPerHour).toBeUndefined();
    expect(spot.usdPerChipHour).toBeUndefined();
    expect(spot.basis).toBe('spot (price unknown)');
    expect(spot.source.url).toContain('cloud.google.com/tpu/pricing');
  });

  it('keeps the source with each price', () => {
    expect(TPU_V6E_PRICING.source.url).toContain('trillium-tpu-is-ga');
    expect(tpuHourlyPrice('v6e-8', 'on-demand')?.source).toBe(TPU_V6E_PRICING.source);
  });

  it('refuses an accelerator type that is not a v6e slice', () => {
    expect(tpuHourlyPrice('v5litepod-8', 'on-demand')).toBeUndefined();
    expect(tpuHourlyPrice('v6e-8', 'on-demand')).toBeDefined();
  });
});

describe('docs/tpu.md, "Slices and prices"', () => {
  const readme = readFileSync(join(__dirname, '..', 'docs', 'tpu.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Slices and prices'));

  it('exists', () => {
    expect(readme).toContain('\n## Slices and prices\n');
  });

  it.each(TPU_V6E.slices.map((s) => [s.acceleratorType, s]))('has the catalog row for %s', (type, slice) => {
    const price = tpuHourlyPrice(type, 'on-demand')?.usdPerHour as number;
    const row = section.split('\n').find((l) => l.startsWith(`| \`${type}\` |`));
    expect(row).toBeDefined();
    expect(row).toContain(`| ${slice.chips} | ${slice.topology} | ${slice.hosts}`);
    expect(row).toContain(`$${price.toFixed(2)} |`);
  });

  it('states the prices per chip-hour and their date', () => {
    const p = TPU_V6E_PRICING.perChipHour;
    for (const v of [p.onDemand, p.commit1Year, p.commit3Year]) expect(section).toContain(`$${v.toFixed(2)}`);
    expect(section).toContain(TPU_V6E_PRICING.asOf);
    expect(section).toContain('us-central2-b');
  });
});

describe('docs/tpu.md, "The zone rule"', () => {
  const page = readFileSync(join(__dirname, '..', 'docs', 'tpu.md'), 'utf8');
  const section = page.slice(page.indexOf('## The zone rule'), page.indexOf('## Quota, before the first deploy'));

  it.each(TPU_V6E.zones.map((z) => [z.zone, z]))('has the catalog row for %s, with its capacity modes', (zone, z) => {
    const row = section.split('\n').find((l) => l.startsWith(`| \`${zone}\` |`));
    expect(row).toBe(`| \`${zone}\` | ${z.capacityModes.join(', ')} | ${z.capacityNote ?? 'every mode'} |`);
  });

  it('lists no zone the catalog does not have', () => {
    const documented = section.split('\n').filter((l) => /^\| `[a-z0-9-]+` \|/.test(l));
    expect(documented).toHaveLength(TPU_V6E.zones.length);
  });

  it('names the quota as a prerequisite for each capacity mode that draws on quota', () => {
    const quota = page.slice(page.indexOf('## Quota, before the first deploy'));
    expect(quota).toContain('0 chips in a new project');
    for (const mode of TPU_CAPACITY_MODES) expect(quota).toContain(`| \`${mode}\` |`);
  });
});
