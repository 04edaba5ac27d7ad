import { ANY_ADDRESS_RANGES, PGA_SUBNET_PURPOSES } from '../../catalog';
import { Resource, TerraformDocument, UNKNOWN } from '../terraform';
import { Rule, Violation } from '../types';
import { q, violation } from './grants';

const POLICY_RULES = [
  'google_compute_firewall_policy_rule',
  'google_compute_network_firewall_policy_rule',
  'google_compute_region_network_firewall_policy_rule',
];

/** Firewall policy rules that allow ingress and are not disabled. */
function ingressAllowPolicyRules(doc: TerraformDocument): Resource[] {
  return doc
    .ofType(...POLICY_RULES)
    .filter(
      (r) =>
        doc.string(r.body, 'direction') === 'INGRESS' &&
        doc.string(r.body, 'action') === 'allow' &&
        doc.bool(r.body, 'disabled') !== true,
    );
}

/**
 * Ingress open to the internet. For `google_compute_firewall`, an ingress rule that names no source
 * at all (no source_ranges, tags or service accounts) also applies to 0.0.0.0/0. Deny rules and
 * disabled rules pass.
 */
export const openIngress: Rule = {
  id: 'TPU-NET-001',
  checkov: 'CKV_GCP_2, CKV_GCP_3',
  checkovNote: 'checkov covers ports 22 and 3389 only; this rule covers every port',
  level: 'error',
  title: 'Firewall allows ingress from 0.0.0.0/0 (any port)',
  check(doc) {
    const out: Violation[] = [];
    const fix = 'allow only the ranges that need it (the subnet itself, 35.235.240.0/20 for IAP TCP forwarding)';
    for (const r of doc.ofType('google_compute_firewall')) {
      const direction = doc.string(r.body, 'direction') ?? 'INGRESS';
      const allows = doc.blocks(r.body, 'allow');
      if (
        direction !== 'INGRESS' ||
        doc.bool(r.body, 'disabled') === true ||
        (allows !== UNKNOWN && allows.length === 0)
      )
        continue;
      const ranges = doc.strings(r.body, 'source_ranges');
      if (ranges === UNKNOWN) continue;
      const open = (ranges ?? []).filter((x) => ANY_ADDRESS_RANGES.includes(x));
      const noSource =
        ranges === undefined &&
        doc.resolve(r.body.source_tags) === undefined &&
        doc.resolve(r.body.source_service_accounts) === undefined;
      if (open.length) out.push(violation(r, `allows ingress from ${open.join(', ')}`, fix));
      else if (noSource)
        out.push(
          violation(
            r,
            'allows ingress and names no source, which Google treats as 0.0.0.0/0',
            `set source_ranges: ${fix}`,
          ),
        );
    }
    for (const r of ingressAllowPolicyRules(doc)) {
      const match = doc.block(r.body, 'match');
      const ranges = match === UNKNOWN ? UNKNOWN : doc.strings(match, 'src_ip_ranges');
      if (ranges === UNKNOWN || ranges === undefined) continue;
      const open = ranges.filter((x) => ANY_ADDRESS_RANGES.includes(x));
      if (open.length) out.push(violation(r, `allows ingress from ${open.join(', ')}`, fix));
    }
    return out;
  },
};

export const privateGoogleAccess: Rule = {
  id: 'TPU-NET-002',
  checkov: 'CKV_GCP_74',
  level: 'error',
  title: 'Subnet without Private Google Access',
  check(doc) {
    return doc.ofType('google_compute_subnetwork').flatMap((r) => {
      const purpose = doc.string(r.body, 'purpose');
      if (purpose === UNKNOWN || (purpose !== undefined && !PGA_SUBNET_PURPOSES.includes(purpose))) return [];
      const v = doc.bool(r.body, 'private_ip_google_access');
      if (v === true || v === UNKNOWN) return [];
      return [
        violation(
          r,
          `private_ip_google_access is ${v === undefined ? 'not set (default false)' : q(v)}: VMs without external IPs (TPU workers, Dataproc Serverless) cannot reach Cloud Storage or Google APIs`,
          'set private_ip_google_access = true',
        ),
      ];
    });
  },
};

/**
 * An ingress allow rule with no target (no target_tags, no target_service_accounts) applies to every
 * VM in its network: a rule meant for Dataproc executors also opens every port of the TPU workers,
 * and an SSH rule every VM. The same for firewall policy rules without target secure tags or service
 * accounts. Disabled rules, deny rules and rules whose targets are expressions pass.
 */
export const untargetedIngress: Rule = {
  id: 'TPU-NET-003',
  level: 'error',
  title: 'Firewall ingress rule without targets (applies to every VM in the network)',
  check(doc) {
    const out: Violation[] = [];
    for (const r of doc.ofType('google_compute_firewall')) {
      const direction = doc.string(r.body, 'direction') ?? 'INGRESS';
      const allows = doc.blocks(r.body, 'allow');
      if (direction !== 'INGRESS' || doc.bool(r.body, 'disabled') === true || allows === UNKNOWN || allows.length === 0)
        continue;
      const tags = doc.strings(r.body, 'target_tags');
      const accounts = doc.strings(r.body, 'target_service_accounts');
      if (tags === UNKNOWN || accounts === UNKNOWN) continue;
      if ((tags ?? []).length || (accounts ?? []).length) continue;
      const what = allows.map((a) => {
        const protocol = doc.string(a, 'protocol');
        const ports = doc.strings(a, 'ports');
        const p = typeof protocol === 'string' ? protocol : 'a protocol';
        return Array.isArray(ports) && ports.length ? `${p} ${ports.join(',')}` : `${p} (all ports)`;
      });
      out.push(
        violation(
          r,
          `allows ${what.join('; ')} with no target_tags or target_service_accounts, so it reaches every VM in the network (TPU workers and Dataproc executors alike)`,
          'set target_tags (and source_tags for VM-to-VM traffic) so each rule reaches only the VMs that need it, e.g. one tag for TPU workers and one for Dataproc batches',
        ),
      );
    }
    // Firewall policy rules target VMs by secure tag or service account (target_resources names networks).
    for (const r of ingressAllowPolicyRules(doc)) {
      const secureTags = doc.blocks(r.body, 'target_secure_tags');
      const accounts = doc.strings(r.body, 'target_service_accounts');
      if (secureTags === UNKNOWN || accounts === UNKNOWN) continue;
      if ((secureTags ?? []).length || (accounts ?? []).length) continue;
      out.push(
        violation(
          r,
          'allows ingress with no target_secure_tags or target_service_accounts, so it reaches every VM the policy covers (TPU workers and Dataproc executors alike)',
          'set target_secure_tags or target_service_accounts so the rule reaches only the VMs that need it',
        ),
      );
    }
    return out;
  },
};
