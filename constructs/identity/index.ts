/** The identity concern: one service account per workload, with only the roles it needs. */
export { WorkloadServiceAccount } from './service-account';
export { WorkloadServiceAccounts } from './workload-accounts';
export type { WorkloadServiceAccountProps, WorkloadServiceAccountsProps } from './props';
