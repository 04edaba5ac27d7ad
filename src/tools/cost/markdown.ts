import { Source, UnitPrice } from '../../catalog';
import { CostEstimate, TpuOption } from './estimate';

const OPTION_NAMES: Record<TpuOption, string> = {
  onDemand: 'on-demand',
  spot: 'spot',
  commit1Year: '1-year commitment',
  commit3Year: '3-year commitment',
};

/** `$1,234.56`, or `unknown`. */
export function money(n: number | null, digits = 2): string {
  if (n === null) return 'unknown';
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

function num(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function unit(p: UnitPrice): string {
  return p.usd === null ? 'unknown' : `${money(p.usd, p.usd < 0.1 ? 3 : 2)}/${p.per}`;
}

/**
 * A Markdown section a pull-request comment can carry: one table (TPU per hour and per month for
 * every billing option, Dataproc per run and per month, storage per month, total), then the sources
 * with the date each was checked.
 */
export function toMarkdown(e: CostEstimate): string {
  const sources: Source[] = [];
  const cite = (s: Source): string => {
    let i = sources.findIndex((x) => x.url === s.url);
    if (i < 0) i = sources.push(s) - 1;
    return `${i + 1}`;
  };
  const rows: string[] = [];
  for (const t of e.tpu) {
    const label = `TPU ${e.acceleratorType} ${OPTION_NAMES[t.option]}${t.option === e.configured ? ' (configured)' : ''}`;
    const rate =
      t.price.usd === null ? 'unknown' : `${e.chips} chips × ${unit(t.price)} × ${num(e.sliceHours)} slice-h`;
    rows.push(`| ${label} | ${rate} | ${money(t.perHour)} | | ${money(t.perMonth)} | ${cite(t.price.source)} |`);
  }
  const d = e.dataproc;
  rows.push(
    `| Dataproc Serverless preprocessing | ${num(d.dcus)} DCU × ${num(d.hoursPerRun)} h × ${unit(d.price)} | | ${money(d.perRun)} | ${money(d.perMonth)} (${num(d.runs)} runs) | ${cite(d.price.source)} |`,
  );
  const s = e.storage;
  rows.push(
    `| Cloud Storage Standard, ${e.region} | ${num(s.gib)} GiB × ${unit(s.price)} | | | ${money(s.perMonth)} | ${cite(s.price.source)} |`,
  );
  const totalLabel = `**Total (TPU ${OPTION_NAMES[e.configured]})**`;
  const total =
    e.total !== null
      ? `**${money(e.total)}**`
      : e.upperBound !== null
        ? `**at most ${money(e.upperBound)}**`
        : '**unknown**';
  rows.push(`| ${totalLabel} | | | | ${total} | |`);

  const notes: string[] = [];
  const spot = e.tpu.find((t) => t.option === 'spot');
  if (spot && spot.price.usd === null) {
    notes.push(
      `- Spot: ${spot.price.note ?? 'unknown'}.${e.configured === 'spot' ? ' The total uses on-demand as the upper bound.' : ''}`,
    );
  }
  if (e.configured === 'commit1Year')
    notes.push('- Reserved capacity is billed at a committed-use price; the total assumes a 1-year commitment.');
  if (s.price.usd === null && s.price.note) notes.push(`- Storage: ${s.price.note}.`);
  notes.push(
    `- Billed hours: each run bills its training hours plus ${num(e.overhead.hoursPerRun)} h (boot, mount, setup, deletion; an estimate [${cite(e.overhead.source)}]); waiting in the queue is not billed.${e.devVmHours ? ' The development VM (tpu.devVm) bills every hour of the month.' : ''}`,
  );
  notes.push('- Not included: network egress, disks, Vertex AI, Monitoring, Cloud Storage operations, taxes.');

  return [
    `### Cost estimate: ${e.environment}`,
    '',
    `${e.acceleratorType} (${e.chips} chips)${e.slices > 1 ? ` × ${e.slices} slices` : ''}, ${e.capacity}, ${e.region}.`,
    '',
    '| TPU hours a month | training | billed | billed per training hour |',
    '|---|---:|---:|---:|',
    `| ${e.environment} | ${num(e.trainingHours)} | ${num(e.billedHours)}${e.devVmHours ? ` (${num(e.devVmHours)} of them the development VM)` : ''} | ${e.billedPerTrainingHour === null ? 'n/a' : `${num(e.billedPerTrainingHour)}x`} |`,
    '',
    '| item | rate | per hour | per run | per month | source |',
    '|---|---|---:|---:|---:|---|',
    ...rows,
    '',
    ...notes,
    '',
    'Sources:',
    '',
    ...sources.map((src, i) => `${i + 1}. ${src.url} (checked ${src.checked})`),
  ].join('\n');
}
