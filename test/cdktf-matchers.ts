import type { MatcherContext, MatcherFunction } from 'expect';
// Their types (a `declare global` of jest.Matchers); a type-only import loads nothing at run time.
import type {} from 'cdktf/lib/testing/adapters/jest';

/** The matchers `Testing.setupJest()` adds (node_modules/cdktf/lib/testing/adapters/jest.js). */
export const CDKTF_MATCHERS = [
  'toHaveResource',
  'toHaveResourceWithProperties',
  'toHaveDataSource',
  'toHaveDataSourceWithProperties',
  'toHaveProvider',
  'toHaveProviderWithProperties',
  'toBeValidTerraform',
  'toPlanSuccessfully',
] as const;

let loaded: Record<string, MatcherFunction<unknown[]>> | undefined;

/** cdktf's own matchers, as `Testing.setupJest()` registers them (cdktf is loaded on the first call). */
function realMatchers(): Record<string, MatcherFunction<unknown[]>> {
  if (!loaded) {
    const captured: Record<string, MatcherFunction<unknown[]>> = {};
    const extend = expect.extend;
    expect.extend = (matchers) => void Object.assign(captured, matchers);
    try {
      (require('cdktf') as typeof import('cdktf')).Testing.setupJest();
    } finally {
      expect.extend = extend;
    }
    for (const name of CDKTF_MATCHERS)
      if (typeof captured[name] !== 'function') throw new Error(`cdktf's Testing.setupJest() added no ${name}`);
    loaded = captured;
  }
  return loaded;
}

/** Stand-ins with the names of cdktf's matchers, each loading cdktf and calling the real matcher. */
export function cdktfMatchers(): Record<string, MatcherFunction<unknown[]>> {
  return Object.fromEntries(
    CDKTF_MATCHERS.map((name) => [
      name,
      function (this: MatcherContext, actual: unknown, ...expected: unknown[]) {
        return realMatchers()[name].call(this, actual, ...expected);
      },
    ]),
  );
}
