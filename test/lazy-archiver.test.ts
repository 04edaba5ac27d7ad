import { dirname } from 'node:path';
import { PassThrough } from 'node:stream';
import { Testing } from 'cdktf';

/** test/lazy-archiver.ts: cdktf's `archiver` is loaded on its first use, and works as the real one. */
// Not imported from ./lazy-archiver: importing it would install the stand-in here, after cdktf loaded
// the real archiver, and the test could not tell whether test/setup.ts installed it first.
const LOADED = Symbol.for('tpu-training-pipeline.archiver-loaded');

describe("cdktf's archiver under Jest", () => {
  const path = require.resolve('archiver', { paths: [dirname(require.resolve('cdktf/lib/private/fs'))] });
  type Zip = NodeJS.ReadableStream & {
    append(data: string, options: { name: string }): void;
    finalize(): Promise<void>;
  };
  const archiver = () => require(path) as ((format: string) => Zip) & { [LOADED]: boolean };

  it('is not loaded by loading cdktf (whose asset code requires it)', () => {
    expect(Testing).toBeDefined();
    expect(archiver()[LOADED]).toBe(false);
  });

  it('zips as the real one does when called, and is loaded then', async () => {
    const zip = archiver()('zip');
    expect(archiver()[LOADED]).toBe(true);
    const chunks: Buffer[] = [];
    zip.pipe(new PassThrough()).on('data', (c: Buffer) => chunks.push(c));
    zip.append('hello', { name: 'a.txt' });
    await zip.finalize();
    await new Promise((resolve) => setImmediate(resolve));
    const bytes = Buffer.concat(chunks);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(bytes.includes(Buffer.from('a.txt'))).toBe(true);
  });
});
