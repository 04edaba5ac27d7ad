import { Token } from 'cdktf';
import { checkName, NAMING_RULES, PRIVATE_IPV4_PATTERN } from '../../src/catalog';
import { assertName } from '../../src/core/naming';
import { Problems } from '../../src/core/validation';
import { DEFAULT_FLOW_LOG_SAMPLING, NETWORK_MODES, TrainingNetworkProps } from './props';

/** Refuses literal props Google or this project does not allow (one InputError, a line each). */
export function validateNetworkProps(path: string, props: TrainingNetworkProps): void {
  const mode = props.mode ?? 'create';
  const problems = new Problems(path);
  problems.check(
    (NETWORK_MODES as readonly string[]).includes(mode),
    'mode',
    mode,
    'not a network mode',
    NETWORK_MODES.join(', '),
  );
  if (mode === 'create') {
    const cidr = props.subnetCidr;
    problems.check(
      cidr !== undefined,
      'subnetCidr',
      cidr,
      'missing, and mode=create needs the subnet range',
      'an RFC 1918 CIDR, e.g. 10.10.0.0/20',
    );
    if (cidr !== undefined && !Token.isUnresolved(cidr)) {
      problems.check(
        new RegExp(PRIVATE_IPV4_PATTERN).test(cidr),
        'subnetCidr',
        cidr,
        'not a private IPv4 range',
        'an RFC 1918 CIDR with a prefix of /16 to /29',
      );
    }
  }
  const sampling = props.flowLogSampling ?? DEFAULT_FLOW_LOG_SAMPLING;
  problems.check(
    Token.isUnresolved(sampling) || (sampling > 0 && sampling <= 1),
    'flowLogSampling',
    sampling,
    'out of range',
    'more than 0, at most 1',
  );
  for (const [key, tag] of Object.entries(props.tags ?? {})) {
    if (tag !== undefined && !Token.isUnresolved(tag))
      problems.check(
        checkName('networkName', tag) === undefined,
        `tags.${key}`,
        tag,
        'not a valid network tag',
        NAMING_RULES.networkName.allowed,
      );
  }
  problems.throwIfAny();
  assertName('namePrefix', props.namePrefix, `${path}.namePrefix`);
  assertName('networkName', props.networkName, `${path}.networkName`);
  assertName('subnetName', props.subnetName, `${path}.subnetName`);
}
