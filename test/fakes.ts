import { DataLakePrefix, IDataLake, IGrant, IServiceAccount, ITrainingNetwork } from '../constructs/contracts';

/** Stand-ins for the shared interfaces, for testing one construct alone. */
export function fakeServiceAccount(id: string, project = 'p-test-123'): IServiceAccount {
  const email = `${id}@${project}.iam.gserviceaccount.com`;
  return { email, member: `serviceAccount:${email}`, accountName: `projects/${project}/serviceAccounts/${email}` };
}

export class FakeBucket implements IDataLake {
  readonly grants: { access: 'read' | 'write'; member: string; prefixes?: readonly string[] }[] = [];
  constructor(readonly bucketName = 'fake-data-lake') {}
  gsUri(prefix?: DataLakePrefix, ...path: string[]): string {
    return ['gs:/', this.bucketName, ...(prefix ? [prefix] : []), ...path].join('/');
  }
  grantRead(account: IServiceAccount): IGrant {
    this.grants.push({ access: 'read', member: account.member });
    return { fqn: `fake_grant.read-${this.grants.length}` };
  }
  grantWrite(account: IServiceAccount, prefixes: readonly string[]): IGrant {
    this.grants.push({ access: 'write', member: account.member, prefixes });
    return { fqn: `fake_grant.write-${this.grants.length}` };
  }
}

export function fakeNetwork(project = 'p-test-123', region = 'us-central1'): ITrainingNetwork {
  return {
    networkId: `projects/${project}/global/networks/fake-vpc`,
    networkName: 'fake-vpc',
    subnetworkId: `projects/${project}/regions/${region}/subnetworks/fake-subnet`,
    subnetName: 'fake-subnet',
    subnetCidr: '10.10.0.0/20',
    ready: { fqn: 'google_compute_router_nat.fake' },
    tags: { tpu: 'fake-tpu', dataproc: 'fake-dataproc' },
    dataprocIngress: { fqn: 'google_compute_firewall.fake-dataproc' },
  };
}
