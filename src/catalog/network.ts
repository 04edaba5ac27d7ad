import { source } from './source';

/** Network facts the training VPC depends on. */

/** Google's IAP TCP forwarding range: the only source SSH is allowed from. */
export const IAP_TCP_FORWARDING = {
  sourceRange: '35.235.240.0/20',
  sshPort: '22',
  source: source('https://cloud.google.com/iap/docs/using-tcp-forwarding#create-firewall-rule'),
} as const;

/**
 * Dataproc Serverless workers have internal IPs only: their subnet needs Private Google Access and
 * a firewall rule allowing ingress from the subnet's own range on all ports; internet egress needs
 * Cloud NAT.
 */
export const DATAPROC_SERVERLESS_NETWORK = {
  internalIngressProtocol: 'all',
  requiresPrivateGoogleAccess: true,
  source: source('https://cloud.google.com/dataproc-serverless/docs/concepts/network'),
} as const;

/** VPC flow logs: Google's defaults when enabled (5 s aggregation, 50 % sampling, all metadata). */
export const FLOW_LOGS = {
  aggregationInterval: 'INTERVAL_5_SEC',
  flowSampling: 0.5,
  metadata: 'INCLUDE_ALL_METADATA',
  source: source('https://cloud.google.com/vpc/docs/flow-logs'),
} as const;

/** RFC 1918 private IPv4 ranges, for checking a literal subnet range. */
export const PRIVATE_IPV4_PATTERN = '^(10|172|192)\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}/(1[6-9]|2[0-9])$';
