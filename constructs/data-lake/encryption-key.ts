import { Construct } from 'constructs';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { DataGoogleStorageProjectServiceAccount } from '@cdktf/provider-google/lib/data-google-storage-project-service-account';
import { Sleep } from '@cdktf/provider-time/lib/sleep';
import { GRANT_PROPAGATION_WAIT, STORAGE_CMEK } from '../../src/catalog';

export interface BucketEncryptionKeyProps {
  readonly projectId: string;
  /** The bucket's location: a created key ring lives here (CMEK keys must share the bucket's location). */
  readonly location: string;
  /**
   * Use this key (`projects/.../cryptoKeys/...`).
   * @default create a key ring and key
   */
  readonly kmsKeyName?: string;
  /** Name of the created key ring (ignored with kmsKeyName). */
  readonly keyRingName: string;
  /** Rotation period of the created key, in days. */
  readonly rotationDays: number;
  /** Created key: Terraform refuses to destroy it (prod). */
  readonly preventDestroy: boolean;
}

/**
 * A customer-managed key for Cloud Storage: created (key ring + key) or passed in. Either way the
 * project's Cloud Storage service agent, read with `google_storage_project_service_account`, gets
 * Encrypter/Decrypter on that key only. Buckets depend on `ready` (the grant, then a pause for IAM to
 * propagate, as the TPU waits for its account), so creating the bucket does not race the grant.
 *
 * Key rings and keys cannot be deleted in Google Cloud: destroying a created key destroys its
 * versions but keeps the name, so re-creating the stack needs `terraform import` of ring and key.
 */
export class BucketEncryptionKey extends Construct {
  /** Full key name, for `encryption.default_kms_key_name`. */
  readonly keyName: string;
  readonly grant: KmsCryptoKeyIamMember;
  /** The grant plus a pause for it to propagate (`time_sleep`): what a bucket using the key waits for. */
  readonly ready: Sleep;
  readonly serviceAgent: DataGoogleStorageProjectServiceAccount;
  readonly keyRing?: KmsKeyRing;
  readonly key?: KmsCryptoKey;

  constructor(scope: Construct, id: string, props: BucketEncryptionKeyProps) {
    super(scope, id);
    if (props.kmsKeyName !== undefined) {
      this.keyName = props.kmsKeyName;
    } else {
      this.keyRing = new KmsKeyRing(this, 'key-ring', {
        project: props.projectId,
        name: props.keyRingName,
        location: props.location,
      });
      this.key = new KmsCryptoKey(this, 'key', {
        name: 'data-lake',
        keyRing: this.keyRing.id,
        purpose: 'ENCRYPT_DECRYPT',
        rotationPeriod: `${props.rotationDays * 86_400}s`,
        lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
      });
      this.keyName = this.key.id;
    }
    this.serviceAgent = new DataGoogleStorageProjectServiceAccount(this, 'storage-agent', { project: props.projectId });
    this.grant = new KmsCryptoKeyIamMember(this, 'storage-agent-encrypter', {
      cryptoKeyId: this.keyName,
      role: STORAGE_CMEK.agentRole,
      member: this.serviceAgent.member,
    });
    this.ready = new Sleep(this, 'iam-propagation', {
      createDuration: GRANT_PROPAGATION_WAIT,
      // A new key or a new agent grant is waited for again.
      triggers: { key: this.keyName, member: this.serviceAgent.member },
      dependsOn: [this.grant],
    });
  }
}
