import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { ACT_AS_ROLES, BASIC_ROLES, SERVICE_ACCOUNT_USER_ROLE } from '../../src/catalog';
import { InputError } from '../../src/core/errors';
import { assertName } from '../../src/core/naming';
import { IServiceAccount } from '../contracts';

export interface WorkloadIdentityProps {
  /** Project the account lives in (literal or token). */
  readonly projectId: string;
  /** Account id, 6-30 characters (checked when literal). Derive it with `Naming.serviceAccountId`. */
  readonly accountId: string;
  readonly displayName: string;
  readonly description?: string;
  /**
   * Project-level roles the workload needs, granted as additive `google_project_iam_member`s.
   * Basic roles and act-as roles are refused. Default: none.
   */
  readonly projectRoles?: readonly string[];
}

/**
 * One service account for one workload, holding only the roles it is given. No keys are created.
 * Other principals may act as it only through `grantActAs`, on this account, never on the project.
 */
export class WorkloadIdentity extends Construct implements IServiceAccount {
  readonly account: ServiceAccount;
  readonly email: string;
  readonly member: string;
  readonly accountName: string;
  /** The project role grants made so far, for resources that must wait until the account can work. */
  readonly projectRoleGrants: ProjectIamMember[] = [];
  private readonly projectId: string;
  private readonly granted = new Map<string, ProjectIamMember>();

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
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
   * Grants a project-level role to this account (additive, once per role) and returns the grant, for
   * resources that must wait for it. Basic and act-as roles are refused.
   */
  grantProjectRole(role: string): ProjectIamMember {
    if (!Token.isUnresolved(role) && (BASIC_ROLES.includes(role) || ACT_AS_ROLES.includes(role))) {
      throw new InputError([
        `${this.node.path} project role="${role}": not granted at project level; allowed: predefined roles other than ${[...BASIC_ROLES, ...ACT_AS_ROLES].join(', ')} (grant act-as on the account with grantActAs)`,
      ]);
    }
    const existing = this.granted.get(role);
    if (existing) return existing;
    const grant = new ProjectIamMember(this, `role-${role.replace(/^roles\//, '').replace(/[^a-zA-Z0-9]/g, '-')}`, {
      project: this.projectId,
      role,
      member: this.member,
    });
    this.granted.set(role, grant);
    this.projectRoleGrants.push(grant);
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
}
