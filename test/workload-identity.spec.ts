import { TerraformStack, Testing } from 'cdktf';
import { InputError } from '../src/core/errors';
import { WorkloadServiceAccount } from '../constructs/identity';
import { fakeServiceAccount } from './fakes';

function synth(build: (s: TerraformStack) => void) {
  const stack = new TerraformStack(Testing.app(), 's');
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

describe('WorkloadServiceAccount', () => {
  it('creates one account with additive project roles and act-as on the account only', () => {
    const tf = synth((s) => {
      const id = new WorkloadServiceAccount(s, 'worker', {
        projectId: 'p-test-123',
        accountId: 'tpu-dev-worker',
        displayName: 'Worker',
        projectRoles: ['roles/dataproc.worker', 'roles/logging.logWriter'],
      });
      id.grantActAs(fakeServiceAccount('launcher'));
    });
    expect(Object.values(tf.resource.google_service_account)).toEqual([
      expect.objectContaining({ account_id: 'tpu-dev-worker', project: 'p-test-123' }),
    ]);
    const roles = Object.values(tf.resource.google_project_iam_member) as Record<string, string>[];
    expect(roles.map((r) => r.role).sort()).toEqual(['roles/dataproc.worker', 'roles/logging.logWriter']);
    for (const r of roles) expect(r.member).toMatch(/^\$\{google_service_account\.worker_account_\w+\.member\}$/);
    const actAs = Object.values(tf.resource.google_service_account_iam_member) as Record<string, string>[];
    expect(actAs).toEqual([
      expect.objectContaining({
        role: 'roles/iam.serviceAccountUser',
        member: 'serviceAccount:launcher@p-test-123.iam.gserviceaccount.com',
      }),
    ]);
    expect(actAs[0].service_account_id).toMatch(/google_service_account\.worker_account_\w+\.name/);
    expect(tf.resource).not.toHaveProperty('google_service_account_key');
  });

  it.each([
    'roles/owner',
    'roles/editor',
    'roles/viewer',
    'roles/iam.serviceAccountUser',
    'roles/iam.serviceAccountTokenCreator',
  ])('refuses %s at project level', (role) => {
    expect(() =>
      synth(
        (s) =>
          new WorkloadServiceAccount(s, 'w', {
            projectId: 'p',
            accountId: 'tpu-dev-w1',
            displayName: 'W',
            projectRoles: [role],
          }),
      ),
    ).toThrow(InputError);
  });

  it('refuses an invalid literal account id with one line', () => {
    expect(() =>
      synth((s) => new WorkloadServiceAccount(s, 'w', { projectId: 'p', accountId: 'Bad_Id', displayName: 'W' })),
    ).toThrow(/accountId="Bad_Id": not a valid service account id; allowed: 6-30/);
  });
});
