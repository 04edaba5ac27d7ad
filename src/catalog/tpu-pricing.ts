import { source, Source } from './source';
import { CapacityMode, findSlice } from './tpu';
import { TPU_V6E_PRICES, TPU_V6E_PRICES_AS_OF } from './pricing';

/**
 * Cloud TPU v6e (Trillium) prices per chip-hour, as read from the one price list in `pricing.ts`
 * (which the cost estimate uses too). These are the "starting at" prices of Google's GA announcement;
 * the price in a given region can be higher. Reservations for TPUs come with a committed use
 * discount, so `reserved` capacity is priced at a commitment rate.
 */
export const TPU_V6E_PRICING = {
  currency: 'USD',
  perChipHour: {
    onDemand: TPU_V6E_PRICES.onDemand.usd,
    commit1Year: TPU_V6E_PRICES.commit1Year.usd,
    commit3Year: TPU_V6E_PRICES.commit3Year.usd,
    /** Unknown: no dated v6e Spot figure could be checked (see pricing.ts). */
    spot: TPU_V6E_PRICES.spot.usd ?? undefined,
  },
  asOf: TPU_V6E_PRICES_AS_OF,
  source: TPU_V6E_PRICES.onDemand.source,
  spotSource: TPU_V6E_PRICES.spot.source,
  reservationSource: source(
    'https://cloud.google.com/tpu/docs/consumption-options ("You can only use a reservation for TPUs if you have a committed use discount")',
  ),
} as const;

export type TpuCommitment = '1-year' | '3-year';

export interface TpuHourlyPrice {
  readonly acceleratorType: string;
  readonly capacity: CapacityMode;
  readonly chips: number;
  /** What the price is based on, for display: "on-demand", "1-year commitment", ... */
  readonly basis: string;
  /** USD per chip-hour; undefined when unknown (spot). */
  readonly usdPerChipHour: number | undefined;
  /** USD per hour for the whole slice, rounded to the cent; undefined when unknown (spot). */
  readonly usdPerHour: number | undefined;
  /** The date of the price (YYYY-MM-DD). */
  readonly asOf: string;
  readonly source: Source;
}

/**
 * What a v6e slice costs per hour for a capacity mode, from the catalog. `reserved` capacity is priced
 * at the commitment rate (`commitment`, default 1-year). Spot prices are unknown: the result then has
 * `usdPerHour: undefined` and says so in `basis`. Undefined for an accelerator type that is not a
 * v6e slice (callers refuse it: the catalog knows no error types).
 *
 * @example tpuHourlyPrice('v6e-8', 'on-demand').usdPerHour // 21.6
 */
export function tpuHourlyPrice(
  acceleratorType: string,
  capacity: CapacityMode,
  commitment: TpuCommitment = '1-year',
): TpuHourlyPrice | undefined {
  const slice = findSlice(acceleratorType);
  if (!slice) return undefined;
  const p = TPU_V6E_PRICING.perChipHour;
  const [basis, perChip, src]: [string, number | undefined, Source] =
    capacity === 'on-demand'
      ? ['on-demand', p.onDemand, TPU_V6E_PRICING.source]
      : capacity === 'reserved'
        ? [`${commitment} commitment`, commitment === '1-year' ? p.commit1Year : p.commit3Year, TPU_V6E_PRICING.source]
        : ['spot (price unknown)', p.spot, TPU_V6E_PRICING.spotSource];
  return {
    acceleratorType,
    capacity,
    chips: slice.chips,
    basis,
    usdPerChipHour: perChip,
    usdPerHour: perChip === undefined ? undefined : Math.round(perChip * slice.chips * 100) / 100,
    asOf: TPU_V6E_PRICING.asOf,
    source: src,
  };
}
