import {
  DATAPROC_SERVERLESS_PRICES,
  findSlice,
  STORAGE_STANDARD_REGIONAL_PRICES,
  HOURS_PER_MONTH_ALWAYS_ON,
  TPU_RUN_OVERHEAD,
  TPU_V6E_PRICES,
  UnitPrice,
} from '../../catalog';
import { CapacityMode, EnvironmentConfig } from '../../config';
import { InputError } from '../../core/errors';
import { shown } from '../../core/problem-line';

export type TpuOption = keyof typeof TPU_V6E_PRICES;

/** How each capacity mode is billed: reserved capacity comes with a commitment (1-year assumed). */
export const TPU_OPTION_FOR_CAPACITY: Readonly<Record<CapacityMode, TpuOption>> = {
  'on-demand': 'onDemand',
  spot: 'spot',
  reserved: 'commit1Year',
};

export interface TpuCost {
  readonly option: TpuOption;
  readonly price: UnitPrice;
  /** USD per hour for the whole slice; null when the price is unknown. */
  readonly perHour: number | null;
  readonly perMonth: number | null;
}

export interface CostEstimate {
  readonly environment: string;
  readonly acceleratorType: string;
  readonly chips: number;
  readonly capacity: CapacityMode;
  readonly region: string;
  /** Slices per training run. */
  readonly slices: number;
  /** Hours a month the runs train (configuration). */
  readonly trainingHours: number;
  /** Hours a month the slices are billed: runs x (run hours + provisioning overhead), plus 730 h of a development VM. */
  readonly billedHours: number;
  /** Of billedHours, the always-on development VM's (0 without one). */
  readonly devVmHours: number;
  /** billedHours / trainingHours (null with no training hours). */
  readonly billedPerTrainingHour: number | null;
  /** Slice-hours billed (run hours times slices, plus the development VM's): what the TPU rows price. */
  readonly sliceHours: number;
  readonly overhead: typeof TPU_RUN_OVERHEAD;
  /** Every billing option, in the order on-demand, spot, 1-year, 3-year. */
  readonly tpu: readonly TpuCost[];
  /** The option the environment's capacity mode is billed at. */
  readonly configured: TpuOption;
  readonly dataproc: {
    readonly price: UnitPrice;
    readonly dcus: number;
    readonly hoursPerRun: number;
    readonly runs: number;
    readonly perRun: number | null;
    readonly perMonth: number | null;
  };
  readonly storage: { readonly price: UnitPrice; readonly gib: number; readonly perMonth: number | null };
  /** Configured TPU + preprocessing + storage per month; null when a price is unknown. */
  readonly total: number | null;
  /** With on-demand TPU prices in place of an unknown spot price: what the month costs at most. */
  readonly upperBound: number | null;
}

/** Cents-exact money: products rounded to the cent. */
function usd(n: number): number {
  return Math.round(n * 100) / 100;
}

function times(price: number | null, ...factors: number[]): number | null {
  return price === null ? null : usd(factors.reduce((a, b) => a * b, price));
}

function sum(...parts: (number | null)[]): number | null {
  return parts.some((p) => p === null) ? null : usd((parts as number[]).reduce((a, b) => a + b, 0));
}

const UNKNOWN_STORAGE = (region: string): UnitPrice => ({
  usd: null,
  per: 'GiB-month',
  source: { url: 'src/catalog/pricing.ts STORAGE_STANDARD_REGIONAL_PRICES', checked: '-' },
  note: `unknown: the catalog has no Standard storage price for ${region}`,
});

/** The month's estimate for one environment, from the catalog's prices and the environment's `cost`. */
export function estimate(env: EnvironmentConfig): CostEstimate {
  const slice = findSlice(env.tpu.acceleratorType);
  if (!slice)
    throw new InputError([
      `tpu.acceleratorType=${shown(env.tpu.acceleratorType)}: no such slice in the catalog; allowed: a TPU v6e accelerator type`,
    ]);
  const c = env.cost;
  const t = env.training;
  const runHours = t.hoursPerMonth + t.runsPerMonth * TPU_RUN_OVERHEAD.hoursPerRun;
  const devVmHours = env.tpu.devVm ? HOURS_PER_MONTH_ALWAYS_ON : 0;
  const billedHours = runHours + devVmHours;
  const sliceHours = runHours * t.slices + devVmHours;
  const tpu = (Object.keys(TPU_V6E_PRICES) as TpuOption[]).map((option): TpuCost => {
    const price: UnitPrice = TPU_V6E_PRICES[option];
    const perHour = times(price.usd, slice.chips);
    return { option, price, perHour, perMonth: times(perHour, sliceHours) };
  });
  const configured = TPU_OPTION_FOR_CAPACITY[env.tpu.capacity];
  const dcu: UnitPrice = DATAPROC_SERVERLESS_PRICES.dcuHour;
  const perRun = times(dcu.usd, c.preprocessingDcus, c.preprocessingHoursPerRun);
  const dataproc = {
    price: dcu,
    dcus: c.preprocessingDcus,
    hoursPerRun: c.preprocessingHoursPerRun,
    runs: c.preprocessingRunsPerMonth,
    perRun,
    perMonth: times(perRun, c.preprocessingRunsPerMonth),
  };
  const storagePrice = STORAGE_STANDARD_REGIONAL_PRICES[env.region] ?? UNKNOWN_STORAGE(env.region);
  const storage = { price: storagePrice, gib: c.dataSizeGiB, perMonth: times(storagePrice.usd, c.dataSizeGiB) };
  const tpuMonth = (o: TpuOption) => tpu.find((t) => t.option === o)?.perMonth ?? null;
  const total = sum(tpuMonth(configured), dataproc.perMonth, storage.perMonth);
  const upperBound = total ?? sum(tpuMonth('onDemand'), dataproc.perMonth, storage.perMonth);
  return {
    environment: env.name,
    acceleratorType: slice.acceleratorType,
    chips: slice.chips,
    capacity: env.tpu.capacity,
    region: env.region,
    slices: t.slices,
    trainingHours: t.hoursPerMonth,
    billedHours: Math.round(billedHours * 100) / 100,
    devVmHours,
    billedPerTrainingHour: t.hoursPerMonth > 0 ? Math.round((billedHours / t.hoursPerMonth) * 100) / 100 : null,
    sliceHours: Math.round(sliceHours * 100) / 100,
    overhead: TPU_RUN_OVERHEAD,
    tpu,
    configured,
    dataproc,
    storage,
    total,
    upperBound,
  };
}
