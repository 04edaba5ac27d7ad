import { Source, source } from './source';

/**
 * List prices in USD, each with its source. A price of `null` is unknown: the estimate says so
 * instead of guessing. Prices change: re-check each source before trusting a total.
 */
export interface UnitPrice {
  /** USD per `per`; null when no published price was found. */
  readonly usd: number | null;
  /** The billing unit, e.g. `chip-hour`, `DCU-hour`, `GiB-month`. */
  readonly per: string;
  readonly source: Source;
  /** What the number means, or why it is unknown. */
  readonly note?: string;
}

/** Google's Trillium GA announcement; the figures were read as quoted by the press. */
const TRILLIUM_GA = source(
  'https://cloud.google.com/blog/products/compute/trillium-tpu-is-ga (GA announcement: "starting at $2.7000 per chip-hour", 1-year $1.8900, 3-year $1.2200; as quoted at https://neowin.net/amp/google-takes-on-nvidia-blackwell-gpus-with-the-new-trillium-tpus)',
);

/** The date of the TPU v6e prices (Google's GA announcement). */
export const TPU_V6E_PRICES_AS_OF = '2024-12-11';

/** Cloud TPU v6e (Trillium), per chip-hour. A slice costs chips x this. */
export const TPU_V6E_PRICES = {
  onDemand: {
    usd: 2.7,
    per: 'chip-hour',
    source: TRILLIUM_GA,
    note: 'list price "starting at"; some regions may cost more',
  },
  spot: {
    usd: null,
    per: 'chip-hour',
    source: source('https://cloud.google.com/tpu/pricing (no v6e spot price found there or in the GA announcement)'),
    note: 'no sourced v6e spot price; spot prices vary and none is published with a date we could cite; spot never costs more than on-demand',
  },
  commit1Year: { usd: 1.89, per: 'chip-hour', source: TRILLIUM_GA, note: '1-year committed use' },
  commit3Year: { usd: 1.22, per: 'chip-hour', source: TRILLIUM_GA, note: '3-year committed use' },
} as const satisfies Record<string, UnitPrice>;

/** Dataproc Serverless for Spark (batches), standard compute tier. */
export const DATAPROC_SERVERLESS_PRICES = {
  dcuHour: {
    usd: 0.06,
    per: 'DCU-hour',
    source: source(
      'https://cloud.google.com/dataproc-serverless/pricing (Data Compute Unit, Standard; example: 12 DCU x 24 h x $0.060000 in us-central1)',
    ),
    note: 'standard tier, billed per second with a 1-minute minimum; shuffle storage not included',
  },
} as const satisfies Record<string, UnitPrice>;

/** A batch uses at least 12 DCUs by default (driver 4 + two executors of 4). */
export const DATAPROC_MIN_DCUS = 12;
export const DATAPROC_MIN_DCUS_SOURCE = source('https://cloud.google.com/dataproc-serverless/pricing');

const STORAGE_PRICING = source(
  'https://cloud.google.com/storage/pricing (Data storage, Regions, Standard storage per GB per month; GB = 2^30 bytes)',
);

/**
 * Cloud Storage Standard class in a single region, per GiB-month, for the regions with a TPU v6e zone
 * whose price we read. Other regions: unknown (the estimate says so).
 */
export const STORAGE_STANDARD_REGIONAL_PRICES: Readonly<Record<string, UnitPrice>> = {
  'us-central1': { usd: 0.02, per: 'GiB-month', source: STORAGE_PRICING },
  'us-east1': { usd: 0.02, per: 'GiB-month', source: STORAGE_PRICING },
  'us-east4': { usd: 0.023, per: 'GiB-month', source: STORAGE_PRICING },
  'us-east5': { usd: 0.02, per: 'GiB-month', source: STORAGE_PRICING },
  'us-west1': { usd: 0.02, per: 'GiB-month', source: STORAGE_PRICING },
  'us-south1': { usd: 0.02, per: 'GiB-month', source: STORAGE_PRICING },
};

/** The hours in the longest month: the most a TPU can run in one. */
export const MAX_HOURS_PER_MONTH = 31 * 24;

/**
 * Billed TPU time a training run adds beyond its training hours: the slice is billed while it is
 * READY (Cloud TPU pricing), so boot, the data lake mount, `setup` (the default installs JAX) and
 * deletion count, while waiting in the queue does not. Google documents no figure: this is an estimate
 * (15 minutes a run), to be replaced by the measured `startTime` in runs/<run-id>/result-0.json.
 */
export const TPU_RUN_OVERHEAD = {
  hoursPerRun: 0.25,
  source: source(
    'https://cloud.google.com/tpu/pricing (billed while READY); the overhead itself is an estimate, not a Google figure',
    '2026-12',
  ),
} as const;

/** Hours in an average month (730): what an always-on VM bills. */
export const HOURS_PER_MONTH_ALWAYS_ON = 730;
