import { Rule } from '../types';
import { authoritativeIam, basicRoles, projectActAs, serviceAccountKeys } from './iam';
import { standardLabels } from './labels';
import { silentAlerts } from './monitoring';
import { codeWritableByGrants, stateWritableByProjectRoles } from './storage-writers';
import { openIngress, privateGoogleAccess, untargetedIngress } from './network';
import {
  bucketOutsideTpuRegion,
  destroyableProdBucket,
  forceDestroyedStateBucket,
  publicAccessPrevention,
  publicBucket,
  uniformAccess,
} from './storage';
import { dataprocServiceAccount, dataprocSubnetwork, tpuExternalIps, tpuServiceAccount } from './workloads';

/** Every rule of the pack, in the order the README lists them. */
export const RULES: readonly Rule[] = [
  publicBucket,
  uniformAccess,
  publicAccessPrevention,
  destroyableProdBucket,
  bucketOutsideTpuRegion,
  forceDestroyedStateBucket,
  basicRoles,
  projectActAs,
  serviceAccountKeys,
  authoritativeIam,
  stateWritableByProjectRoles,
  codeWritableByGrants,
  openIngress,
  privateGoogleAccess,
  untargetedIngress,
  tpuExternalIps,
  tpuServiceAccount,
  dataprocServiceAccount,
  dataprocSubnetwork,
  standardLabels,
  silentAlerts,
];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);
