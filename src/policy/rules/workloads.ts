import { DEFAULT_SERVICE_ACCOUNT_PATTERNS } from '../../catalog';
import { Body, Resource, TerraformDocument, UNKNOWN, Unknown } from '../terraform';
import { Rule, Violation } from '../types';
import { q, violation } from './grants';

/**
 * Why a service account email is not a dedicated one: missing, empty, or a Google default account;
 * undefined when it names a dedicated account or cannot be known.
 */
function notDedicated(email: string | undefined | Unknown, field: string): string | undefined {
  if (email === UNKNOWN) return undefined;
  if (email === undefined || email.trim() === '')
    return `${field} is ${email === undefined ? 'not set' : 'empty'}, so it runs as the Compute Engine default service account (Editor on the project by default)`;
  if (DEFAULT_SERVICE_ACCOUNT_PATTERNS.some((p) => p.test(email)))
    return `${field} is ${q(email)}, a Google default service account with Editor on the project`;
  return undefined;
}

/** The TPU VM's network configurations: network_config, network_configs[] or (queued) tpu.node_spec[].node.network_config. */
function tpuNetworkConfigs(doc: TerraformDocument, r: Resource): { field: string; config: Body }[] | Unknown {
  const out: { field: string; config: Body }[] = [];
  const add = (parent: Body | undefined, key: string, field: string): boolean => {
    const all = doc.blocks(parent, key);
    if (all === UNKNOWN) return false;
    all.forEach((config, i) => out.push({ field: all.length > 1 ? `${field}[${i}]` : field, config }));
    return true;
  };
  if (r.type === 'google_tpu_v2_queued_resource') {
    const tpu = doc.block(r.body, 'tpu');
    const specs = tpu === UNKNOWN ? UNKNOWN : doc.blocks(tpu, 'node_spec');
    if (specs === UNKNOWN) return UNKNOWN;
    for (const spec of specs) {
      const node = doc.block(spec, 'node');
      if (node === UNKNOWN || !add(node, 'network_config', 'tpu.node_spec.node.network_config')) return UNKNOWN;
    }
    return out;
  }
  if (!add(r.body, 'network_config', 'network_config') || !add(r.body, 'network_configs', 'network_configs'))
    return UNKNOWN;
  return out;
}

/**
 * TPU VMs must say `enable_external_ips = false` in every network configuration: the API decides
 * when network_config is omitted, and this rule does not guess what it decides.
 */
export const tpuExternalIps: Rule = {
  id: 'TPU-VM-001',
  checkov: 'CKV_GCP_40',
  checkovNote: 'checkov checks google_compute_instance only',
  level: 'error',
  title: 'TPU VM with external IPs (enable_external_ips not explicitly false)',
  check(doc) {
    const out: Violation[] = [];
    const fix =
      'set network_config { enable_external_ips = false } on a subnet with Private Google Access (egress through Cloud NAT)';
    for (const r of doc.ofType('google_tpu_v2_vm', 'google_tpu_v2_queued_resource')) {
      const configs = tpuNetworkConfigs(doc, r);
      if (configs === UNKNOWN) continue;
      if (configs.length === 0) {
        out.push(violation(r, 'has no network_config, so the API chooses whether workers get external IPs', fix));
        continue;
      }
      for (const { field, config } of configs) {
        const v = doc.bool(config, 'enable_external_ips');
        if (v === true)
          out.push(violation(r, `${field}.enable_external_ips = true gives every worker a public IP`, fix));
        else if (v === undefined)
          out.push(violation(r, `${field}.enable_external_ips is not set; say false explicitly`, fix));
      }
    }
    return out;
  },
};

export const tpuServiceAccount: Rule = {
  id: 'TPU-VM-002',
  checkov: 'CKV_GCP_30',
  checkovNote: 'checkov checks google_compute_instance only',
  level: 'error',
  title: 'TPU without a dedicated service account',
  check(doc) {
    const out: Violation[] = [];
    const fix =
      'set service_account { email = <a dedicated account>, scope = ["https://www.googleapis.com/auth/cloud-platform"] } on a google_tpu_v2_vm';
    for (const r of doc.ofType('google_tpu_v2_vm')) {
      const sa = doc.block(r.body, 'service_account');
      if (sa === UNKNOWN) continue;
      const why = notDedicated(
        sa ? doc.string(sa, 'email') : undefined,
        sa ? 'service_account.email' : 'service_account',
      );
      if (why) out.push(violation(r, why, fix));
    }
    for (const r of doc.ofType('google_tpu_v2_queued_resource')) {
      out.push(
        violation(
          r,
          'a queued resource cannot name a service account (provider 6.50), so its TPU VM runs as the Compute Engine default account',
          `${fix}, or suppress with the reason capacity must be queued`,
        ),
      );
    }
    for (const r of doc.ofType('google_tpu_node')) {
      out.push(
        violation(
          r,
          'google_tpu_node (the deprecated Node API) cannot take a service account of ours and cannot create v6e',
          fix,
        ),
      );
    }
    return out;
  },
};

function executionConfig(doc: TerraformDocument, r: Resource): Body | undefined | Unknown {
  const env = doc.block(r.body, 'environment_config');
  return env === UNKNOWN ? UNKNOWN : doc.block(env, 'execution_config');
}

export const dataprocServiceAccount: Rule = {
  id: 'TPU-DP-001',
  level: 'error',
  title: 'Dataproc batch without a dedicated service account',
  check(doc) {
    return doc.ofType('google_dataproc_batch').flatMap((r) => {
      const exec = executionConfig(doc, r);
      if (exec === UNKNOWN) return [];
      const why = notDedicated(
        doc.string(exec, 'service_account'),
        'environment_config.execution_config.service_account',
      );
      return why
        ? [
            violation(
              r,
              why,
              'set environment_config.execution_config.service_account to a dedicated account with roles/dataproc.worker and bucket-level storage roles',
            ),
          ]
        : [];
    });
  },
};

export const dataprocSubnetwork: Rule = {
  id: 'TPU-DP-002',
  level: 'error',
  title: 'Dataproc batch without a subnetwork',
  check(doc) {
    return doc.ofType('google_dataproc_batch').flatMap((r) => {
      const exec = executionConfig(doc, r);
      if (exec === UNKNOWN) return [];
      const subnet = doc.string(exec, 'subnetwork_uri');
      if (subnet === UNKNOWN || (subnet !== undefined && subnet !== '')) return [];
      const network = doc.string(exec, 'network_uri');
      const where =
        network === undefined
          ? 'neither subnetwork_uri nor network_uri is set, so it runs in the "default" network'
          : 'only network_uri is set, so Google picks the subnet';
      return [
        violation(
          r,
          `environment_config.execution_config: ${where}, whose Private Google Access and firewall are not ours`,
          'set environment_config.execution_config.subnetwork_uri to the training subnet (Private Google Access on, intra-subnet ingress allowed)',
        ),
      ];
    });
  },
};
