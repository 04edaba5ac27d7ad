import { MAX_SHOWN_CHARS, problemLine, shown } from '../src/core/problem-line';

describe('problem lines: one quoting rule', () => {
  it('quotes strings and shows numbers, booleans, null and undefined bare', () => {
    expect(shown('us-central1')).toBe('"us-central1"');
    expect(shown(80)).toBe('80');
    expect(shown(true)).toBe('true');
    expect(shown(null)).toBe('null');
    expect(shown(undefined)).toBe('undefined');
    expect(shown(['a'])).toBe('["a"]');
  });

  it('escapes what would split the line, move the cursor or print as nothing', () => {
    expect(shown('a\nb')).toBe('"a\\nb"');
    expect(shown('\u001b[2Jx')).toBe('"\\u001b[2Jx"');
    expect(shown('dev\u200b')).toBe('"dev\\u200b"');
    expect(shown('\u202eved')).toBe('"\\u202eved"');
    expect(shown('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
    expect(shown('a\nb')).not.toContain('\n');
  });

  it('shortens long values and says how much was left out (both edges)', () => {
    expect(shown('x'.repeat(MAX_SHOWN_CHARS))).toBe(`"${'x'.repeat(MAX_SHOWN_CHARS)}"`);
    expect(shown('x'.repeat(MAX_SHOWN_CHARS + 1))).toBe(`"${'x'.repeat(MAX_SHOWN_CHARS)}...(1 more characters)"`);
    expect(shown('x'.repeat(100_000)).length).toBeLessThan(200);
  });

  it('builds the house form', () => {
    expect(problemLine('ZONE', 'us-central2-b', 'not a zone that offers TPU v6e', 'us-central1-b')).toBe(
      'ZONE="us-central2-b": not a zone that offers TPU v6e; allowed: us-central1-b',
    );
  });
});
