import { LABELABLE_TYPES } from '../../catalog';
import { STANDARD_LABEL_KEYS } from '../../core/standard-labels';
import { Resource, TerraformDocument, UNKNOWN, Unknown } from '../terraform';
import { Rule } from '../types';
import { violation } from './grants';

/**
 * The labels a resource ends up with: the provider's `default_labels` (where the type takes them)
 * under its own. Undefined for types not in the catalog's LABELABLE_TYPES; UNKNOWN when either map is
 * an expression.
 */
export function effectiveLabels(
  doc: TerraformDocument,
  resource: Resource,
): Record<string, unknown> | undefined | Unknown {
  const kind = LABELABLE_TYPES[resource.type];
  if (!kind) return undefined;
  const own = doc.map(resource.body, kind.attribute);
  if (own === UNKNOWN) return UNKNOWN;
  let defaults: Record<string, unknown> = {};
  if (kind.takesDefaultLabels) {
    const fromProvider = doc.map(doc.providerFor(resource), 'default_labels');
    if (fromProvider === UNKNOWN) return UNKNOWN;
    defaults = fromProvider ?? {};
  }
  return { ...defaults, ...(own ?? {}) };
}

export const standardLabels: Rule = {
  id: 'TPU-LBL-001',
  level: 'error',
  title: 'A labelable resource lacks a standard label (environment, component, managed-by)',
  check(doc) {
    return doc.resources.flatMap((r) => {
      const labels = effectiveLabels(doc, r);
      if (labels === undefined || labels === UNKNOWN) return [];
      const missing = STANDARD_LABEL_KEYS.filter((k) => labels[k] === undefined || labels[k] === '');
      if (missing.length === 0) return [];
      const kind = LABELABLE_TYPES[r.type];
      const where = kind.takesDefaultLabels
        ? `${kind.attribute} and the provider's default_labels`
        : `${kind.attribute} (provider default_labels do not reach it)`;
      return [
        violation(
          r,
          `no ${missing.join(', ')} label in ${where}, so cost and ownership reports cannot attribute it`,
          `set ${missing.map((k) => `"${k}"`).join(', ')} in ${kind.attribute} (in this project the stack's LabelsAspect does; call setComponent() on the construct)`,
        ),
      ];
    });
  },
};
