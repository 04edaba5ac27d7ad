import './native-stack-traces';
import './lazy-archiver';
import { cdktfMatchers } from './cdktf-matchers';

// cdktf's matchers (toHaveResource, toHaveResourceWithProperties, toHaveProvider, ...), loading cdktf
// only when one is used: a suite that never touches cdktf does not pay for loading it.
expect.extend(cdktfMatchers());
