import { Testing } from 'cdktf';
import './native-stack-traces';

// cdktf's matchers: toHaveResource, toHaveResourceWithProperties, toHaveProvider, ...
Testing.setupJest();
