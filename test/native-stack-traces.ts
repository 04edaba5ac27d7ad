import * as stackTrace from 'cdktf/lib/tokens/private/stack-trace';

/**
 * cdktf records a full stack trace (Error.stackTraceLimit lifted) for every token it creates, each
 * Lazy and each Intrinsic, thousands per environment stack, and reads one only to explain an error
 * about that token. Under Jest, formatting each trace went through Jest's source-map formatter, which
 * copies and remaps every frame: about half the time of building and synthesizing a stack in a suite.
 *
 * Here the trace is captured as cdktf captures it, but formatted only when read, and as V8 formats
 * it when no formatter is installed (as in `npm run synth`): the same "<frame>" lines, unmapped. Only
 * cdktf's creation stacks are affected; a failing test's own stack is still source-mapped.
 */
type Capture = typeof stackTrace.captureStackTrace;

function v8Format(error: Error, frames: NodeJS.CallSite[]): string {
  return [`${error}`, ...frames.map((f) => `    at ${String(f)}`)].join('\n');
}

/** An array of lines that `make` fills when the array is first looked at. */
function lazyLines(make: () => string[]): string[] {
  let lines: string[] | undefined;
  const real = () => (lines ??= make());
  return new Proxy<string[]>([], {
    get(_target, key) {
      const array = real();
      const value: unknown = Reflect.get(array, key, array);
      return typeof value === 'function' ? value.bind(array) : value;
    },
    has: (_target, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(real(), key),
  });
}

function captureLazily(below?: Parameters<Capture>[0]): string[] {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = Number.MAX_SAFE_INTEGER;
    Error.captureStackTrace(holder, below ?? captureLazily);
  } finally {
    Error.stackTraceLimit = limit;
  }
  // V8 formats `holder.stack` on its first read, with the Error.prepareStackTrace of that moment.
  return lazyLines(() => {
    const prepare = Error.prepareStackTrace;
    Error.prepareStackTrace = v8Format;
    try {
      const stack = holder.stack;
      return stack
        ? stack
            .split('\n')
            .slice(1)
            .map((s) => s.replace(/^\s*at\s+/, ''))
        : [];
    } finally {
      Error.prepareStackTrace = prepare;
    }
  });
}

(stackTrace as { captureStackTrace: Capture }).captureStackTrace = captureLazily;
