import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../../core/errors';
import { readInputFile } from '../../core/input-file';
import { shown } from '../../core/problem-line';

/**
 * Where else Terraform gets stack variable values from, beside `--var`: the files cdktf passes as
 * `-var-file` (those given with `--var-file`, and the ones it finds in the project folder, as cdktf
 * 0.21's deploy/diff/destroy do: terraform.tfvars, terraform.tfvars.json, *.auto.tfvars,
 * *.auto.tfvars.json), and TF_VAR_<name> in the environment. Read here so that every value is checked
 * with the configuration's rules before cdktf runs (src/tools/delivery/stack-commands.ts).
 */

/** One value for a variable, and where it came from (a problem line's field). */
export interface VariableValue {
  readonly variable: string;
  readonly value: unknown;
  /** e.g. `--var zone`, `--var-file="dev.tfvars.json" zone`, `TF_VAR_zone`. */
  readonly field: string;
}

/** The var files cdktf adds by itself from `cwd`, in its order. */
export function autoVarFiles(cwd = process.cwd()): string[] {
  let names: string[];
  try {
    names = readdirSync(cwd);
  } catch {
    return [];
  }
  const fixed = ['terraform.tfvars', 'terraform.tfvars.json'].filter((f) => names.includes(f));
  const auto = (suffix: string) => names.filter((f) => f.endsWith(suffix)).sort();
  return [...fixed, ...auto('.auto.tfvars'), ...auto('.auto.tfvars.json')];
}

const HCL_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/**
 * The values of a `.tfvars` file in the simple form stack variables take: one `name = "string"`,
 * `name = true|false` or `name = <number>` per line, `#` and `//` comments. Anything else (lists,
 * maps, heredocs, templates) is refused with the line it is on: the stack has no such variables.
 */
export function parseTfvars(text: string): { values: Record<string, unknown> } | { problem: string } {
  const values: Record<string, unknown> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/^\s+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('//')) continue;
    const m = /^([A-Za-z_][\w-]*)\s*=\s*(.*?)\s*(?:(?:#|\/\/)[^"]*)?$/.exec(line);
    const raw = m?.[2] ?? '';
    let value: unknown;
    if (/^(true|false)$/.test(raw)) value = raw === 'true';
    else if (/^-?\d+(\.\d+)?$/.test(raw)) value = Number(raw);
    else if (/^"(?:[^"\\]|\\.)*"$/.test(raw) && !/[$%]\{/.test(raw)) {
      const body = raw.slice(1, -1);
      if (/\\(?![nrt"\\]|u[0-9A-Fa-f]{4})/.test(body)) return { problem: `line ${i + 1}: an escape HCL does not have` };
      value = body.replace(/\\(u[0-9A-Fa-f]{4}|.)/g, (_, e: string) =>
        e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : HCL_ESCAPES[e],
      );
    } else {
      return {
        problem: `line ${i + 1} is not name = "string", true, false or a number (lists, maps, heredocs and templates are not read)`,
      };
    }
    values[(m as RegExpExecArray)[1]] = value;
  }
  return { values };
}

const ALLOWED =
  'a .tfvars.json file (a JSON object) or a .tfvars file of name = "value" lines, holding the stack variables';

/**
 * The values a var file sets (read as cdktf reads it, relative to `cwd`, the project folder), each labelled
 * `<field>="<file>" <name>`; an InputError line `<field>="<file>": ...` when it cannot be read.
 */
export function readVarFile(file: string, field: string, cwd = process.cwd()): VariableValue[] {
  const at = `${field}=${shown(file)}`;
  const text = readInputFile(file, field, ALLOWED, undefined, resolve(cwd, file));
  let values: Record<string, unknown>;
  if (file.endsWith('.json')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new InputError([`${at}: not JSON (${shown((e as Error).message)}); allowed: ${ALLOWED}`]);
    }
    if (!json || typeof json !== 'object' || Array.isArray(json))
      throw new InputError([`${at}: not a JSON object; allowed: ${ALLOWED}`]);
    values = json as Record<string, unknown>;
  } else {
    const parsed = parseTfvars(text);
    if ('problem' in parsed) throw new InputError([`${at}: ${parsed.problem}; allowed: ${ALLOWED}`]);
    values = parsed.values;
  }
  return Object.entries(values).map(([variable, value]) => ({ variable, value, field: `${at} ${variable}` }));
}
