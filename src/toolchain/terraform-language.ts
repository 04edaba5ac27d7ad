import { source } from '../catalog/source';

/**
 * What Terraform 1.5.7 (Infrastructure Manager's newest) understands, and what came later, as data:
 * the static compatibility check (src/tools/delivery/tf-compat.ts) holds generated configuration against it.
 */

/**
 * Every built-in function of Terraform 1.5: internal/lang/functions.go of the 1.4 line plus the two
 * functions 1.5 added (`strcontains`, `plantimestamp`). `list`, `map` (removed in 0.15) and `type`
 * (console only) are left out on purpose.
 */
export const TERRAFORM_1_5_FUNCTIONS: readonly string[] = [
  'abs', 'abspath', 'alltrue', 'anytrue', 'base64decode', 'base64encode', 'base64gzip', 'base64sha256',
  'base64sha512', 'basename', 'bcrypt', 'can', 'ceil', 'chomp', 'chunklist', 'cidrhost', 'cidrnetmask',
  'cidrsubnet', 'cidrsubnets', 'coalesce', 'coalescelist', 'compact', 'concat', 'contains', 'csvdecode',
  'dirname', 'distinct', 'element', 'endswith', 'file', 'filebase64', 'filebase64sha256', 'filebase64sha512',
  'fileexists', 'filemd5', 'fileset', 'filesha1', 'filesha256', 'filesha512', 'flatten', 'floor', 'format',
  'formatdate', 'formatlist', 'indent', 'index', 'join', 'jsondecode', 'jsonencode', 'keys', 'length', 'log',
  'lookup', 'lower', 'matchkeys', 'max', 'md5', 'merge', 'min', 'nonsensitive', 'one', 'parseint',
  'pathexpand', 'plantimestamp', 'pow', 'range', 'regex', 'regexall', 'replace', 'reverse', 'rsadecrypt',
  'sensitive', 'setintersection', 'setproduct', 'setsubtract', 'setunion', 'sha1', 'sha256', 'sha512',
  'signum', 'slice', 'sort', 'split', 'startswith', 'strcontains', 'strrev', 'substr', 'sum', 'templatefile',
  'textdecodebase64', 'textencodebase64', 'timeadd', 'timecmp', 'timestamp', 'title', 'tobool', 'tolist',
  'tomap', 'tonumber', 'toset', 'tostring', 'transpose', 'trim', 'trimprefix', 'trimspace', 'trimsuffix',
  'try', 'upper', 'urlencode', 'uuid', 'uuidv5', 'values', 'yamldecode', 'yamlencode', 'zipmap',
];

/** Functions added after 1.5, with the version that added them (for the message). */
export const NEWER_FUNCTIONS: Readonly<Record<string, string>> = {
  issensitive: '1.8',
  templatestring: '1.9',
  ephemeralasnull: '1.10',
};

/** Top-level blocks Terraform 1.5 knows (`import` and `check` arrived in 1.5 itself). */
export const TERRAFORM_1_5_BLOCKS: readonly string[] = [
  '//', 'terraform', 'variable', 'locals', 'output', 'provider', 'resource', 'data', 'module', 'moved', 'import', 'check',
];

/** Top-level blocks added later. */
export const NEWER_BLOCKS: Readonly<Record<string, string>> = {
  removed: '1.7',
  ephemeral: '1.10',
  action: '1.14',
};

export const TERRAFORM_LANGUAGE_SOURCE = source(
  'hashicorp/terraform internal/lang/functions.go; CHANGELOG v1.5-v1.14 (1.7 removed/import for_each, 1.8 provider functions, 1.9 cross-object validation and templatestring, 1.10 ephemeral, 1.11 write-only attributes)',
);
