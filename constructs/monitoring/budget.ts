import { Construct } from 'constructs';
import { BillingBudget } from '@cdktf/provider-google/lib/billing-budget';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { BILLING_BUDGETS } from '../../src/catalog';
import { InputError } from '../../src/core/errors';
import { shown } from '../../src/core/validation';

export interface ProjectBudgetProps {
  /** Billing account that pays for the project, `XXXXXX-XXXXXX-XXXXXX`. */
  readonly billingAccount: string;
  /** Project whose spend is counted (literal or token). */
  readonly projectId: string;
  readonly environment: string;
  /** Monthly budget, whole units of `currencyCode`. */
  readonly monthlyAmountUsd: number;
  /** ISO 4217 code of the billing account's currency. Default: USD (the catalog's). */
  readonly currencyCode?: string;
  /**
   * Fractions of the budget that notify when current spend crosses them.
   * @default 0.5, 0.9, 1.0. A forecast of 100% also notifies, before the money is spent
   */
  readonly thresholds?: readonly number[];
  /** Notification channel names (at most five), told at every threshold besides the billing admins. */
  readonly notificationChannels: readonly string[];
}

export const DEFAULT_BUDGET_THRESHOLDS: readonly number[] = [0.5, 0.9, 1.0];

/**
 * A monthly Cloud Billing budget for one project (`google_billing_budget`), counting the project's
 * spend after credits, with threshold alerts to the given channels and the billing account's admins.
 * It is created through a google provider of its own (alias `budget`) with `user_project_override`
 * and `billing_project` set to the project: with end-user credentials the Billing Budget API refuses
 * calls that carry no quota project.
 */
export class ProjectBudget extends Construct {
  readonly budget: BillingBudget;
  /** The aliased google provider the budget (and the project lookup) use. */
  readonly provider: GoogleProvider;

  constructor(scope: Construct, id: string, props: ProjectBudgetProps) {
    super(scope, id);
    const thresholds = props.thresholds ?? DEFAULT_BUDGET_THRESHOLDS;
    const problems: string[] = [];
    if (!new RegExp(BILLING_BUDGETS.billingAccountPattern).test(props.billingAccount)) {
      problems.push(
        `${this.node.path}.billingAccount=${shown(props.billingAccount)}: not a billing account id; allowed: XXXXXX-XXXXXX-XXXXXX (uppercase letters and digits)`,
      );
    }
    if (!Number.isInteger(props.monthlyAmountUsd) || props.monthlyAmountUsd <= 0) {
      problems.push(
        `${this.node.path}.monthlyAmountUsd=${shown(props.monthlyAmountUsd)}: not a positive whole number; allowed: whole US dollars above 0`,
      );
    }
    for (const t of thresholds) {
      if (!(t > 0 && t <= 2))
        problems.push(
          `${this.node.path}.thresholds=${shown(t)}: out of range; allowed: a fraction of the budget above 0 and at most 2 (200%)`,
        );
    }
    const currency = props.currencyCode ?? BILLING_BUDGETS.currency;
    if (!new RegExp(BILLING_BUDGETS.currencyPattern).test(currency)) {
      problems.push(
        `${this.node.path}.currencyCode=${shown(currency)}: not a currency code; allowed: the billing account's ISO 4217 code, e.g. USD, EUR`,
      );
    }
    if (props.notificationChannels.length > BILLING_BUDGETS.maxMonitoringChannels) {
      problems.push(
        `${this.node.path}.notificationChannels: ${props.notificationChannels.length} channels; allowed: at most ${BILLING_BUDGETS.maxMonitoringChannels}`,
      );
    }
    if (problems.length) throw new InputError(problems);

    this.provider = new GoogleProvider(this, 'provider', {
      alias: 'budget',
      project: props.projectId,
      billingProject: props.projectId,
      userProjectOverride: true,
    });
    const project = new DataGoogleProject(this, 'project', { provider: this.provider, projectId: props.projectId });
    this.budget = new BillingBudget(this, 'budget', {
      provider: this.provider,
      billingAccount: props.billingAccount,
      displayName: `${props.environment} TPU training (monthly)`,
      budgetFilter: {
        projects: [`${BILLING_BUDGETS.projectFilterPrefix}${project.number}`],
        calendarPeriod: 'MONTH',
        creditTypesTreatment: 'INCLUDE_ALL_CREDITS',
      },
      amount: { specifiedAmount: { currencyCode: currency, units: String(props.monthlyAmountUsd) } },
      thresholdRules: [
        ...[...thresholds]
          .sort((a, b) => a - b)
          .map((thresholdPercent) => ({ thresholdPercent, spendBasis: 'CURRENT_SPEND' })),
        { thresholdPercent: 1.0, spendBasis: 'FORECASTED_SPEND' },
      ],
      allUpdatesRule: {
        monitoringNotificationChannels: [...props.notificationChannels],
        disableDefaultIamRecipients: false,
      },
    });
  }
}
