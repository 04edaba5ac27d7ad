import { Token } from 'cdktf';
import { checkName, KFP_RULES, MAX_LABELS } from '../../src/catalog';
import { InputError } from '../../src/core/errors';
import { Problems, shown } from '../../src/core/validation';
import { TENSORBOARD_PARAMETER, VertexAiProps } from './props';

/** Problems with a literal value against a KFP rule, as `field="value": problem; allowed: ...` lines. */
export function checkKfp(rule: keyof typeof KFP_RULES, value: string, field: string, what: string): string[] {
  if (Token.isUnresolved(value)) return [];
  const r = KFP_RULES[rule];
  return new RegExp(r.pattern).test(value)
    ? []
    : [`${field}=${shown(value)}: not a valid ${what}; allowed: ${r.allowed}`];
}

/** Parameter names must be pipeline inputs (Python identifiers) and must not take a name the construct sets. */
export function checkParameterNames(
  values: Readonly<Record<string, string | number>>,
  reserved: readonly string[],
  field: string,
): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(values)) {
    problems.push(...checkKfp('parameterName', name, `${field} key`, 'pipeline parameter name'));
    if (reserved.includes(name))
      problems.push(`${field}.${name}=${shown(values[name])}: set by the construct; allowed: any other name`);
  }
  return problems;
}

/** Labels of a run: Google's label rules, at most 64 including the ones the construct adds. */
export function checkRunLabels(labels: Readonly<Record<string, string>>, added: number, field: string): string[] {
  const problems: string[] = [];
  const keys = Object.keys(labels);
  if (keys.length + added > MAX_LABELS)
    problems.push(`${field}=${keys.length} labels: too many; allowed: at most ${MAX_LABELS - added}`);
  for (const key of keys) {
    const keyWhy = checkName('labelKey', key);
    if (keyWhy) problems.push(`${field}.${key}: label key "${key}" is not valid; allowed: ${keyWhy}`);
    const value = labels[key];
    const valueWhy = Token.isUnresolved(value) ? undefined : checkName('labelValue', value);
    if (valueWhy) problems.push(`${field}.${key}=${shown(value)}: not a valid label value; allowed: ${valueWhy}`);
  }
  return problems;
}

/** Checks the literal props; throws one InputError listing every problem, one line each. */
export function validateVertexAiProps(path: string, props: VertexAiProps): void {
  const problems = [
    ...(props.templatePackage === undefined
      ? []
      : checkKfp('pipelinePackage', props.templatePackage, `${path}.templatePackage`, 'KFP package name')),
    ...(props.templateTag === undefined
      ? []
      : checkKfp('templateTag', props.templateTag, `${path}.templateTag`, 'KFP template tag')),
    ...checkParameterNames(props.parameterValues ?? {}, [TENSORBOARD_PARAMETER], `${path}.parameterValues`),
    ...checkRunLabels(props.runLabels ?? {}, 2, `${path}.runLabels`),
  ];
  if (props.peeredNetwork !== undefined)
    problems.push(...checkKfp('peeredNetwork', props.peeredNetwork, `${path}.peeredNetwork`, 'peered network'));
  const schedule = new Problems(path);
  schedule.schedule(props.schedule, props.timeZone);
  problems.push(...schedule.list);
  for (const key of Object.keys(props.stepAccounts)) {
    if (!/^[a-z][-a-z0-9]{0,39}$/.test(key))
      problems.push(
        `${path}.stepAccounts key=${shown(key)}: not a valid key; allowed: 1-40 lowercase letters, digits and hyphens, starting with a letter`,
      );
  }
  if (problems.length) throw new InputError(problems);
}
