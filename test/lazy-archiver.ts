import { dirname } from 'node:path';

/**
 * cdktf loads `archiver` (and its streams, lodash and glob: several hundred files) when cdktf is
 * loaded, for the one asset type that zips a folder, which no stack here uses. Every suite that
 * loads cdktf paid for it: about 35 ms a suite. Here `archiver`, as cdktf resolves it, is loaded on
 * its first use instead; until then nothing of it runs.
 */
type Archiver = (...args: unknown[]) => unknown;

/** Read on the stand-in, says whether the real archiver has been loaded (and reads nothing of it). */
export const LOADED = Symbol.for('tpu-training-pipeline.archiver-loaded');

const ARCHIVER = require.resolve('archiver', { paths: [dirname(require.resolve('cdktf/lib/private/fs'))] });

jest.doMock(ARCHIVER, () => {
  let real: Archiver | undefined;
  const load = (): Archiver => (real ??= jest.requireActual<Archiver>(ARCHIVER));
  return new Proxy(function archiver() {}, {
    apply: (_target, self, args) => load().apply(self, args),
    get: (_target, key) =>
      key === LOADED ? real !== undefined : (load() as unknown as Record<string | symbol, unknown>)[key],
  });
});
