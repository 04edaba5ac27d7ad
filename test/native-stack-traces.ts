import * as stackTrace from 'cdktf/lib/tokens/private/stack-trace';

/**
 * cdktf records a full stack trace (Error.stackTraceLimit lifted) for every token it creates: each
 * Lazy, each Intrinsic, so thousands per environment stack. Under Jest, `error.stack` goes through
 * Jest's source-map formatter, which copies and remaps every frame: that was about half the time of
 * building and synthesizing a stack in a suite. Here those traces are formatted as V8 formats them
 * when no formatter is installed (as they are in `npm run synth`): "at <frame>" lines, unmapped.
 * Only cdktf's creation stacks are affected; a failing test's own stack is still source-mapped.
 */
const capture = stackTrace.captureStackTrace;

function v8Format(error: Error, frames: NodeJS.CallSite[]): string {
  return [`${error}`, ...frames.map((f) => `    at ${String(f)}`)].join('\n');
}

function captureUnmapped(below?: Parameters<typeof capture>[0]): string[] {
  const prepare = Error.prepareStackTrace;
  Error.prepareStackTrace = v8Format;
  try {
    return capture(below ?? captureUnmapped);
  } finally {
    Error.prepareStackTrace = prepare;
  }
}

(stackTrace as { captureStackTrace: typeof capture }).captureStackTrace = captureUnmapped;
