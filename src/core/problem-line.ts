/**
 * The house form of a problem line, `<field>=<value>: <problem>; allowed: <what>`, with the value shown
 * safely: strings quoted with control and invisible characters escaped and long values shortened;
 * numbers, booleans and null bare. Plain TypeScript (no cdktf), so every CLI can use it cheaply.
 */

/** Longest shown value; a longer one is cut and says how much was left out. */
export const MAX_SHOWN_CHARS = 120;

/** Code point ranges that print as nothing or move the cursor: C0/C1 controls, DEL, zero-width and bidi marks, BOM. */
const INVISIBLE: readonly (readonly [number, number])[] = [
  [0x00, 0x1f],
  [0x7f, 0x9f],
  [0xad, 0xad],
  [0x61c, 0x61c],
  [0x115f, 0x1160],
  [0x180e, 0x180e],
  [0x200b, 0x200f],
  [0x2028, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
];
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeInvisible(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0) as number;
    const invisible = INVISIBLE.some(([from, to]) => code >= from && code <= to);
    out += invisible ? (NAMED[c] ?? `\\u${code.toString(16).padStart(4, '0')}`) : c;
  }
  return out;
}

/** A value as a problem line shows it. */
export function shown(value: unknown): string {
  if (typeof value === 'string') {
    const cut = value.length > MAX_SHOWN_CHARS ? `${value.slice(0, MAX_SHOWN_CHARS)}` : value;
    const more = value.length > MAX_SHOWN_CHARS ? `...(${value.length - MAX_SHOWN_CHARS} more characters)` : '';
    return `"${escapeInvisible(cut.replace(/\\/g, '\\\\').replace(/"/g, '\\"'))}${more}"`;
  }
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    json = String(value);
  }
  return json.length > MAX_SHOWN_CHARS
    ? `${escapeInvisible(json.slice(0, MAX_SHOWN_CHARS))}...`
    : escapeInvisible(json);
}

/** One problem line. */
export function problemLine(field: string, value: unknown, problem: string, allowed: string): string {
  return `${field}=${shown(value)}: ${problem}; allowed: ${allowed}`;
}

/**
 * A practical check of an email address: one @, a dotted domain, no spaces, quotes, `$` or braces
 * (the address is written into Terraform strings, where `${` would be read as interpolation).
 */
export const EMAIL_PATTERN =
  /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
