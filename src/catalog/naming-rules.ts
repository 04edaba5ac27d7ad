import { source, Source } from './source';

/**
 * Google's naming rules, as data. Each pattern is written in the subset of regular expressions that
 * both JavaScript and Terraform's RE2 accept, so the same rule validates configuration in TypeScript
 * and `--input-values` in Terraform.
 */
export interface NamingRule {
  /** What the rule names, for messages (e.g. "a project id"). */
  readonly what: string;
  /** Anchored pattern. */
  readonly pattern: string;
  /** The rule in words, shown in error messages. */
  readonly allowed: string;
  readonly source: Source;
}

const RFC1035 = '^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$';

export const NAMING_RULES = {
  projectId: {
    what: 'project id',
    pattern: '^[a-z][-a-z0-9]{4,28}[a-z0-9]$',
    allowed: '6-30 characters: lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen',
    source: source('https://cloud.google.com/resource-manager/docs/creating-managing-projects'),
  },
  bucketName: {
    what: 'bucket name',
    // Dotted names need domain verification; this project does not create them.
    pattern: '^[a-z0-9][-_a-z0-9]{1,61}[a-z0-9]$',
    allowed:
      '3-63 characters: lowercase letters, digits, hyphens and underscores, starting and ending with a letter or digit (no dots), not starting with "goog" and not containing "google"',
    source: source('https://cloud.google.com/storage/docs/buckets#naming'),
  },
  tpuNodeName: {
    what: 'TPU node name',
    pattern: RFC1035,
    allowed: '1-63 characters: lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen',
    source: source('https://cloud.google.com/tpu/docs/reference/rest/v2/projects.locations.nodes/create'),
  },
  networkName: {
    what: 'network name',
    pattern: RFC1035,
    allowed: '1-63 characters: lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen',
    source: source('https://cloud.google.com/compute/docs/naming-resources'),
  },
  subnetName: {
    what: 'subnet name',
    pattern: RFC1035,
    allowed: '1-63 characters: lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen',
    source: source('https://cloud.google.com/compute/docs/naming-resources'),
  },
  serviceAccountId: {
    what: 'service account id',
    pattern: '^[a-z][-a-z0-9]{4,28}[a-z0-9]$',
    allowed: '6-30 characters: lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen',
    source: source('https://cloud.google.com/iam/docs/service-accounts-create'),
  },
  labelKey: {
    what: 'label key',
    pattern: '^[a-z][-_a-z0-9]{0,62}$',
    allowed: '1-63 characters: lowercase letters, digits, hyphens and underscores, starting with a letter',
    source: source('https://cloud.google.com/resource-manager/docs/labels-overview'),
  },
  labelValue: {
    what: 'label value',
    pattern: '^[-_a-z0-9]{0,63}$',
    allowed: '0-63 characters: lowercase letters, digits, hyphens and underscores',
    source: source('https://cloud.google.com/resource-manager/docs/labels-overview'),
  },
  /** This project's own rule: names derive from it, and service account ids must stay within 30. */
  namePrefix: {
    what: 'naming prefix',
    pattern: '^[a-z][-a-z0-9]{0,10}[a-z0-9]$',
    allowed: '2-12 characters: lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen',
    source: source('this project: the longest derived service account id is <prefix>-pipeline-runner (30 characters)'),
  },
} as const satisfies Record<string, NamingRule>;

export type NamingRuleName = keyof typeof NAMING_RULES;

/** Labels per resource, at most. */
export const MAX_LABELS = 64;

/** Returns why `value` breaks the rule, or undefined when it follows it. */
export function checkName(rule: NamingRuleName, value: string): string | undefined {
  const r: NamingRule = NAMING_RULES[rule];
  if (!new RegExp(r.pattern).test(value)) return r.allowed;
  if (rule === 'bucketName' && (value.startsWith('goog') || value.includes('google'))) return r.allowed;
  return undefined;
}
