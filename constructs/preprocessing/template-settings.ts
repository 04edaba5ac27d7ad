import { Token } from 'cdktf';
import { checkName, NAMING_RULES } from '../../src/catalog';
import { scheduleProblems } from '../../src/core/schedule-problems';

/** How a batch template is named, labelled and scheduled: the settings beyond the batch itself. */
export interface TemplateSettings {
  readonly name: string;
  readonly schedule: string | null;
  readonly timeZone: string;
  readonly outputName: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Every problem with the settings, one line each, under `path`. */
export function checkTemplateSettings(s: TemplateSettings, path: string): string[] {
  const problems: string[] = [];
  if (Token.isUnresolved(s.name)) {
    problems.push(`${path}.name="${s.name}": a Terraform token; allowed: a literal name (it derives the role id, the scheduler job and the batch ids)`);
  } else if (!/^[a-z][-a-z0-9]{2,38}[a-z0-9]$/.test(s.name)) {
    problems.push(`${path}.name="${s.name}": not a template name; allowed: 4-40 characters of a-z, 0-9 and hyphens, starting with a letter and not ending with a hyphen`);
  }
  problems.push(...scheduleProblems(path, s.schedule, s.timeZone));
  for (const [key, value] of Object.entries(s.labels)) {
    const why = checkName('labelKey', key) ?? checkName('labelValue', value);
    if (why) problems.push(`${path}.labels["${key}"]="${value}": not a valid label; allowed: keys ${NAMING_RULES.labelKey.allowed}; values ${NAMING_RULES.labelValue.allowed}`);
  }
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(s.outputName)) {
    problems.push(`${path}.commandOutputName="${s.outputName}": not a Terraform output name; allowed: letters, digits, _ and -, starting with a letter or _`);
  }
  return problems;
}
