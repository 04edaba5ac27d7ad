import { Construct } from 'constructs';
import { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel';
import { NOTIFICATION_CHANNELS } from '../../src/catalog';
import { EMAIL_PATTERN, shown } from '../../src/core/validation';
import { InputError } from '../../src/core/errors';

export interface EmailChannelsProps {
  readonly projectId: string;
  readonly environment: string;
  /** Literal addresses, one channel each (each once). None: no channel, and the alerts tell no one. */
  readonly emails: readonly string[];
}

/** `email-<address with every other character as ->`: the construct id, stable while the address is. */
export function channelId(email: string): string {
  return `email-${email.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

/**
 * One email notification channel per address. Construct ids derive from the address, so adding or
 * removing one address leaves the other channels in place.
 */
export class EmailChannels extends Construct {
  readonly channels: readonly MonitoringNotificationChannel[];
  /** `projects/<p>/notificationChannels/<id>` of each channel, for alert policies and budgets. */
  readonly names: readonly string[];

  constructor(scope: Construct, id: string, props: EmailChannelsProps) {
    super(scope, id);
    const problems: string[] = [];
    const seen = new Map<string, string>();
    for (const email of props.emails) {
      if (!EMAIL_PATTERN.test(email))
        problems.push(`${this.node.path}.emails=${shown(email)}: not an email address; allowed: name@domain`);
      const cid = channelId(email);
      if (seen.has(cid))
        problems.push(
          `${this.node.path}.emails=${shown(email)}: same channel as "${seen.get(cid)}"; allowed: each address once`,
        );
      seen.set(cid, email);
    }
    if (problems.length) throw new InputError(problems);

    this.channels = props.emails.map(
      (email) =>
        new MonitoringNotificationChannel(this, channelId(email), {
          project: props.projectId,
          displayName: `[${props.environment}] ${email}`,
          type: NOTIFICATION_CHANNELS.email.type,
          labels: { [NOTIFICATION_CHANNELS.email.addressLabel]: email },
        }),
    );
    this.names = this.channels.map((c) => c.name);
  }
}
