import { dependable, ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { Sleep } from '@cdktf/provider-time/lib/sleep';
import { ACT_AS_ROLES, BASIC_ROLES, NEW_SERVICE_ACCOUNT_WAIT, SERVICE_ACCOUNT_USER_ROLE } from '../../src/catalog';
import { InputError } from '../../src/core/errors';
import { assertName } from '../../src/core/naming';
import { IamCondition, IGrant, IServiceAccount, IWorkloadServiceAccount } from '../contracts';
import { WorkloadServiceAccountProps } from './props';
import { shown } from '../../src/core/validation';

/**
 * One service account for one workload, holding only the roles it is given. No keys are created.
 * Other principals may act as it only through `grantActAs`, on this account, never on the project.
 */
export class WorkloadServiceAccount extends Construct implements IWorkloadServiceAccount {
  readonly account: ServiceAccount;
  readonly email: string;
  readonly member: string;
  readonly accountName: string;
  private readonly projectId: string;
  /** Grants of and on this account so far: what `ready` waits for. */
  private readonly grants: ITerraformDependable[] = [];
  private propagation?: Sleep;
  private readonly granted = new Map<string, ProjectIamMember>();

  constructor(scope: Construct, id: string, props: WorkloadServiceAccountProps) {
    super(scope, id);
    assertName('serviceAccountId', props.accountId, `${this.node.path}.accountId`);
    this.projectId = props.projectId;
    this.account = new ServiceAccount(this, 'account', {
      project: props.projectId,
      accountId: props.accountId,
      displayName: props.displayName,
      description: props.description,
    });
    this.email = this.account.email;
    this.member = this.account.member;
    this.accountName = this.account.name;
    for (const role of props.projectRoles ?? []) this.grantProjectRole(role);
  }

  /**
   * Grants a project-level role to this account (additive, once per role: the first call's condition
   * stands) and returns the grant, for resources that must wait for it. Basic and act-as roles are
   * refused.
   */
  grantProjectRole(role: string, condition?: IamCondition): ProjectIamMember {
    if (!Token.isUnresolved(role) && (BASIC_ROLES.includes(role) || ACT_AS_ROLES.includes(role))) {
      throw new InputError([
        `${this.node.path} project role=${shown(role)}: not granted at project level; allowed: predefined roles other than ${[...BASIC_ROLES, ...ACT_AS_ROLES].join(', ')} (grant act-as on the account with grantActAs)`,
      ]);
    }
    const existing = this.granted.get(role);
    if (existing) return existing;
    const grant = new ProjectIamMember(this, `role-${role.replace(/^roles\//, '').replace(/[^a-zA-Z0-9]/g, '-')}`, {
      project: this.projectId,
      role,
      member: this.member,
      condition,
    });
    this.granted.set(role, grant);
    this.recordGrant(grant);
    return grant;
  }

  /** Lets `principal` run workloads as this account: Service Account User on this account only. */
  grantActAs(principal: IServiceAccount, idSuffix = 'user'): ServiceAccountIamMember {
    return new ServiceAccountIamMember(this, `act-as-${idSuffix}`, {
      serviceAccountId: this.accountName,
      role: SERVICE_ACCOUNT_USER_ROLE,
      member: principal.member,
    });
  }

  /** Records a grant made elsewhere (e.g. on a bucket) that `ready` waits for too; returns it. */
  recordGrant<T extends IGrant>(grant: T): T {
    if (!this.grants.includes(grant)) this.grants.push(grant);
    if (this.propagation) this.propagation.dependsOn = [this.account, ...this.grants].map((d) => dependable(d));
    return grant;
  }

  /**
   * The account, every grant recorded so far (and later), and a pause for IAM to propagate
   * (`time_sleep`, the catalog's wait, as Google's own TPU example does); created on first use. A
   * replaced account is waited for again (its unique id changes).
   */
  get ready(): ITerraformDependable {
    this.propagation ??= new Sleep(this, 'iam-propagation', {
      createDuration: NEW_SERVICE_ACCOUNT_WAIT,
      triggers: { account_unique_id: this.account.uniqueId },
      dependsOn: [this.account, ...this.grants],
    });
    return this.propagation;
  }
}
