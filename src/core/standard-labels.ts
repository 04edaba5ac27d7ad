/**
 * The standard labels, as plain data (no cdktf): the labels aspect (src/core/labels.ts) applies them and the
 * policy pack (src/policy) checks for them in any Terraform JSON.
 */

/** The labels every labelable resource carries. */
/** The labels every labelable resource carries. */
export interface StandardLabels {
  readonly environment: string;
  readonly component: string;
  readonly 'managed-by': string;
}

/** The keys of StandardLabels, for checks over synthesized JSON (src/policy). */
export const STANDARD_LABEL_KEYS: readonly (keyof StandardLabels)[] = ['environment', 'component', 'managed-by'];

export const MANAGED_BY = 'cdktf';
export const DEFAULT_COMPONENT = 'platform';
