import { TerraformDocument, UNKNOWN } from '../terraform';
import { Rule } from '../types';
import { violation } from './grants';

/** Alert policies whose `notification_channels` is missing or empty (an expression is not guessed at). */
function silentPolicies(doc: TerraformDocument) {
  return doc.ofType('google_monitoring_alert_policy').filter((r) => {
    const channels = doc.resolve(r.body.notification_channels);
    if (channels === UNKNOWN || typeof channels === 'string') return false;
    return channels === undefined || channels === null || (Array.isArray(channels) && channels.length === 0);
  });
}

/**
 * An alert policy without notification channels fires into the console only: nobody is told. One
 * finding per file, on the first such policy, naming the others, so a stack with no channel
 * configured gets one warning, not one per policy.
 */
export const silentAlerts: Rule = {
  id: 'TPU-MON-001',
  level: 'warning',
  title: 'Alert policy that notifies no one (no notification channels)',
  check(doc) {
    const silent = silentPolicies(doc);
    if (silent.length === 0) return [];
    const others = silent.slice(1).map((r) => r.address);
    return [
      violation(
        silent[0],
        `has no notification_channels${others.length ? `, nor do ${others.length} other alert policies (${others.join(', ')})` : ''}: an incident opens in the console and no one is told`,
        'add a notification channel to every alert policy (this project: set monitoring.notificationEmails in src/config/environments.ts to the on-call addresses)',
      ),
    ];
  },
};
