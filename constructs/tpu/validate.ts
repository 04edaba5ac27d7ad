import { Token } from 'cdktf';
import {
  checkName,
  findTpuZone,
  NAMING_RULES,
  TPU_CAPACITY_MODES as CAPACITY_MODES,
  TPU_V6E,
  TPU_VM,
  V6E_ACCELERATOR_TYPES,
  V6E_ZONES,
  zoneCapacityProblem,
  zonesServing,
} from '../../src/catalog';
import type { TpuV6eNodeProps } from './props';
import { shown } from '../../src/core/validation';

const lit = (v: string | undefined): v is string => v !== undefined && !Token.isUnresolved(v);
const STANDARD_LABELS = ['environment', 'component', 'managed-by'];
const QUEUED = 'google_tpu_v2_queued_resource (google-beta 6.50) cannot';
const OR_DIRECT = 'or provisioning "direct"';

/** The region in a literal `projects/<p>/regions/<r>/subnetworks/<n>`, if it is one. */
export function subnetRegion(subnetworkId: string): string | undefined {
  if (!lit(subnetworkId)) return undefined;
  return /(?:^|\/)regions\/([^/]+)\/subnetworks\//.exec(subnetworkId)?.[1];
}

/**
 * Every problem with a TpuV6eNode's props, one line each (`<field>="<value>": <problem>; allowed:
 * <what>`). Literal values are checked against the catalog; Terraform tokens pass.
 */
export function tpuNodeProblems(path: string, props: TpuV6eNodeProps): string[] {
  const problems: string[] = [];
  const add = (field: string, value: unknown, problem: string, allowed: string) =>
    problems.push(`${path}.${field}=${shown(value)}: ${problem}; allowed: ${allowed}`);

  if (lit(props.name)) {
    const why = checkName('tpuNodeName', props.name);
    if (why) add('name', props.name, `not a valid ${NAMING_RULES.tpuNodeName.what}`, why);
  }
  if (lit(props.acceleratorType) && !V6E_ACCELERATOR_TYPES.includes(props.acceleratorType)) {
    add('acceleratorType', props.acceleratorType, 'not a TPU v6e slice', V6E_ACCELERATOR_TYPES.join(', '));
  }
  if (lit(props.zone)) {
    const zone = findTpuZone(props.zone);
    const region = subnetRegion(props.network.subnetworkId);
    if (!zone) {
      const why = TPU_VM.zonesWithoutV6e[props.zone] ?? 'not a zone that offers TPU v6e';
      add('zone', props.zone, why, V6E_ZONES.join(', '));
    } else if (zoneCapacityProblem(props.zone, props.capacity)) {
      const here = zonesServing(props.capacity, zone.region);
      add(
        'zone',
        props.zone,
        zoneCapacityProblem(props.zone, props.capacity) as string,
        here.length
          ? here.join(', ')
          : `a zone that serves ${props.capacity}: ${zonesServing(props.capacity).join(', ')}`,
      );
    } else if (region && zone.region !== region) {
      const here = V6E_ZONES.filter((z) => findTpuZone(z)?.region === region);
      add(
        'zone',
        props.zone,
        `not in the subnet's region ${region}`,
        here.length ? here.join(', ') : `a v6e zone, with a subnet in its region (${region} has none)`,
      );
    }
  }
  if (!(CAPACITY_MODES as readonly string[]).includes(props.capacity)) {
    add('capacity', props.capacity, 'not a capacity mode', CAPACITY_MODES.join(', '));
  }
  if (props.runtimeVersion !== undefined && lit(props.runtimeVersion) && props.runtimeVersion.trim() === '') {
    add('runtimeVersion', props.runtimeVersion, 'empty', `a TPU software version, e.g. ${TPU_V6E.runtimeVersion}`);
  }
  const pct = props.fileCacheMemoryPercent;
  if (pct !== undefined && !(Number.isInteger(pct) && pct >= 1 && pct <= 50)) {
    add('fileCacheMemoryPercent', pct, 'out of range', 'a whole number from 1 to 50');
  }
  if (props.trainingCodeDir !== undefined && !/^[A-Za-z0-9._][-A-Za-z0-9._/]*$/.test(props.trainingCodeDir)) {
    add(
      'trainingCodeDir',
      props.trainingCodeDir,
      'not a plain relative path',
      'letters, digits, ".", "_", "-" and "/", not starting with "/" or "-"',
    );
  }
  if (
    props.trainingCommand !== undefined &&
    (props.trainingCommand.includes("'") || props.trainingCommand.trim() === '')
  ) {
    add(
      'trainingCommand',
      props.trainingCommand,
      'empty or contains a single quote (it is run inside one)',
      'a non-empty shell command without single quotes',
    );
  }
  for (const [key, value] of Object.entries(props.labels ?? {})) {
    if (STANDARD_LABELS.includes(key))
      add(
        `labels.${key}`,
        value,
        'set by the stack for every resource',
        'labels other than environment, component, managed-by',
      );
    else if (lit(key) && checkName('labelKey', key))
      add(`labels.${key}`, value, 'not a valid label key', NAMING_RULES.labelKey.allowed);
    else if (lit(value) && checkName('labelValue', value))
      add(`labels.${key}`, value, 'not a valid label value', NAMING_RULES.labelValue.allowed);
  }
  for (const tag of props.networkTags ?? []) {
    if (lit(tag) && checkName('networkName', tag))
      add('networkTags', tag, 'not a valid network tag', NAMING_RULES.networkName.allowed);
  }
  if (props.metadata && TPU_VM.startupScriptKey in props.metadata) {
    add(
      `metadata.${TPU_VM.startupScriptKey}`,
      '...',
      'set by this construct (the data lake mount)',
      'other metadata keys',
    );
  }
  if (props.metadata && TPU_VM.sshKeysKey in props.metadata) {
    add(
      `metadata.${TPU_VM.sshKeysKey}`,
      '...',
      'written by gcloud tpu-vm ssh and ignored by this construct (lifecycle ignore_changes)',
      `other metadata keys; SSH access through OS Login roles (${TPU_VM.sshUserRoles.login})`,
    );
  }

  if ((props.provisioning ?? 'direct') === 'queued') queuedProblems(props, add);
  else directProblems(props, add);
  return problems;
}

type Add = (field: string, value: unknown, problem: string, allowed: string) => void;

function directProblems(props: TpuV6eNodeProps, add: Add): void {
  const sa = props.serviceAccount;
  if (!sa) {
    add(
      'serviceAccount',
      'undefined',
      'missing: the TPU would run as the Compute Engine default service account',
      "the workload's own IServiceAccount",
    );
  } else if (lit(sa.email) && new RegExp(TPU_VM.computeDefaultAccountPattern).test(sa.email)) {
    add(
      'serviceAccount',
      sa.email,
      'the Compute Engine default service account (broad project rights)',
      "the workload's own service account",
    );
  }
  const scopes = props.scopes;
  if (scopes !== undefined && scopes.length === 0) {
    add(
      'scopes',
      '[]',
      'empty (an empty list allows every Cloud API)',
      `explicit scopes, e.g. ${TPU_VM.defaultScopes.join(', ')}`,
    );
  }
  for (const scope of scopes ?? []) {
    if (lit(scope) && !scope.startsWith(TPU_VM.scopePrefix))
      add('scopes', scope, 'not an OAuth scope URL', `${TPU_VM.scopePrefix}<scope>`);
  }
  if (props.acceptComputeDefaultServiceAccount !== undefined) {
    add(
      'acceptComputeDefaultServiceAccount',
      props.acceptComputeDefaultServiceAccount,
      'applies to provisioning "queued" only',
      'leave it unset with provisioning "direct"',
    );
  }
}

function queuedProblems(props: TpuV6eNodeProps, add: Add): void {
  if (lit(props.name) && props.name.length > 60) {
    add(
      'name',
      props.name,
      'too long for provisioning "queued" (the queued resource is named <name>-qr)',
      'at most 60 characters',
    );
  }
  if (props.capacity === 'spot' || props.capacity === 'reserved') {
    add(
      'capacity',
      props.capacity,
      `${QUEUED} request ${props.capacity === 'spot' ? 'spot capacity' : 'a reservation'}`,
      `capacity "on-demand" with provisioning "queued", ${OR_DIRECT}`,
    );
  }
  if (props.serviceAccount) {
    add(
      'serviceAccount',
      props.serviceAccount.email,
      `${QUEUED} set a service account (the node runs as the Compute Engine default account)`,
      `no serviceAccount with provisioning "queued", ${OR_DIRECT}`,
    );
  }
  if (props.scopes !== undefined)
    add('scopes', props.scopes.join(','), `${QUEUED} set scopes`, `no scopes with provisioning "queued", ${OR_DIRECT}`);
  if (props.labels && Object.keys(props.labels).length)
    add(
      'labels',
      Object.keys(props.labels).join(','),
      `${QUEUED} set labels`,
      `no labels with provisioning "queued", ${OR_DIRECT}`,
    );
  if (props.metadata && Object.keys(props.metadata).length)
    add(
      'metadata',
      Object.keys(props.metadata).join(','),
      `${QUEUED} set metadata`,
      `no metadata with provisioning "queued", ${OR_DIRECT}`,
    );
  if (props.networkTags?.length)
    add(
      'networkTags',
      props.networkTags.join(','),
      `${QUEUED} set network tags`,
      `no networkTags with provisioning "queued", ${OR_DIRECT}`,
    );
  if (props.secureBoot)
    add(
      'secureBoot',
      true,
      `${QUEUED} set Shielded VM options`,
      `secureBoot unset with provisioning "queued", ${OR_DIRECT}`,
    );
  if (props.grantBucketAccess)
    add(
      'grantBucketAccess',
      true,
      'no service account to grant to (the node runs as the Compute Engine default account)',
      `grantBucketAccess unset with provisioning "queued", ${OR_DIRECT}`,
    );
  if (props.acceptComputeDefaultServiceAccount !== true) {
    add(
      'acceptComputeDefaultServiceAccount',
      props.acceptComputeDefaultServiceAccount,
      `${QUEUED} set a service account: the node would run as the Compute Engine default account, and the startup script (metadata) cannot be attached`,
      `true, to accept that, ${OR_DIRECT}`,
    );
  }
}
