import { Testing } from 'cdktf';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';

/** test/setup.ts registers cdktf's matchers as stand-ins that load cdktf on first use: they still judge. */
describe("cdktf's matchers, registered lazily by test/setup.ts", () => {
  const json = Testing.synthScope((s) => {
    new GoogleProvider(s, 'google', { project: 'p' });
    new StorageBucket(s, 'b', { name: 'lake', location: 'US-CENTRAL1' });
  });

  it('pass on what the stack has', () => {
    expect(json).toHaveResource(StorageBucket);
    expect(json).toHaveResourceWithProperties(StorageBucket, { name: 'lake' });
    expect(json).toHaveProviderWithProperties(GoogleProvider, { project: 'p' });
  });

  it('fail on what it has not', () => {
    expect(json).not.toHaveResourceWithProperties(StorageBucket, { name: 'other' });
    expect(() => expect(json).toHaveResourceWithProperties(StorageBucket, { name: 'other' })).toThrow(
      /Expected google_storage_bucket with properties/,
    );
  });
});
