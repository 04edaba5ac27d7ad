import { RULE_IDS, RULES } from './rules';
import { isObject, objects, Resource, TerraformDocument } from './terraform';
import { Finding, PolicyReport, Rule, Suppression } from './types';

/** Where suppressions travel in Terraform JSON: `"//": { "suppressions": [{ "rule", "reason" }] }`. */
export const SUPPRESSIONS_KEY = 'suppressions';

function suppressionsIn(holder: unknown): unknown[] {
  const comment = objects(isObject(holder) ? holder['//'] : undefined)[0];
  const list = comment?.[SUPPRESSIONS_KEY];
  return Array.isArray(list) ? list : [];
}

/**
 * Runs the rules over one Terraform JSON document. A finding is suppressed by a suppression with the
 * same rule id and a non-empty reason, on its resource or on the whole file; a suppression without a
 * reason, or naming no rule of the pack, is refused and reported as a problem.
 */
export function evaluate(json: unknown, rules: readonly Rule[] = RULES): PolicyReport {
  if (!isObject(json))
    return { findings: [], problems: ['not a Terraform JSON document (expected an object at the top level)'] };
  const doc = new TerraformDocument(json);
  const problems: string[] = [];

  const accept = (raw: unknown[], where: string): Suppression[] =>
    raw.flatMap((s) => {
      const rule = isObject(s) && typeof s.rule === 'string' ? s.rule : undefined;
      const reason = isObject(s) && typeof s.reason === 'string' ? s.reason.trim() : '';
      if (!rule || !RULE_IDS.includes(rule)) {
        problems.push(
          `suppression on ${where} names rule=${JSON.stringify(rule ?? null)}: not a rule of the pack; allowed: ${RULE_IDS.join(', ')}`,
        );
        return [];
      }
      if (!reason) {
        problems.push(
          `suppression of ${rule} on ${where} has reason="": refused; allowed: a sentence saying why the finding is acceptable`,
        );
        return [];
      }
      return [{ rule, reason }];
    });

  const fileWide = accept(suppressionsIn(json), 'the whole file');
  const perResource = new Map<Resource, Suppression[]>();
  for (const r of doc.resources) perResource.set(r, accept(suppressionsIn(r.body), r.address));

  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const v of rule.check(doc)) {
      const suppression = [...(perResource.get(v.resource) ?? []), ...fileWide].find((s) => s.rule === rule.id);
      findings.push({
        rule: rule.id,
        level: rule.level,
        checkov: rule.checkov,
        address: v.resource.address,
        constructPath: v.resource.constructPath,
        reason: v.reason,
        fix: v.fix,
        suppressedBecause: suppression?.reason,
      });
    }
  }
  return { findings, problems };
}
