import { Token } from 'cdktf';
import { checkName, NAMING_RULES, NamingRuleName } from '../catalog';
import { InputError } from './errors';
import { shown } from './validation';

/**
 * Derives resource names from the environment's prefix, deterministically (no random suffixes),
 * and checks each against Google's rule for that kind of name.
 */
export class Naming {
  constructor(readonly prefix: string) {}

  /** `<prefix>-<purpose>`, checked against `rule`. */
  name(purpose: string, rule: NamingRuleName = 'networkName'): string {
    const value = `${this.prefix}-${purpose}`;
    assertName(rule, value, `name for "${purpose}"`);
    return value;
  }

  /** A service account id, `<prefix>-<purpose>` (6-30 characters). */
  serviceAccountId(purpose: string): string {
    return this.name(purpose, 'serviceAccountId');
  }
}

/**
 * Checks a literal name against Google's rule; tokens (unresolved Terraform values) pass through,
 * since Terraform's own variable validation checks them at plan time.
 */
export function assertName(rule: NamingRuleName, value: string, field: string): void {
  if (Token.isUnresolved(value)) return;
  const why = checkName(rule, value);
  if (why) throw new InputError([`${field}=${shown(value)}: not a valid ${NAMING_RULES[rule].what}; allowed: ${why}`]);
}
