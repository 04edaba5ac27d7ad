import vm from 'node:vm';
import NodeEnvironment from 'jest-environment-node';

/**
 * Jest's Node environment, with modules compiled so that V8 can reuse its work across the suites a
 * worker runs.
 *
 * Each suite has its own module registry, so every suite compiles cdktf, the providers and zod (7 MB
 * of JavaScript) again: Jest 30 compiles each module with vm.compileFunction, which V8 does not cache,
 * and that compile was about half of loading the environment stack in a suite. Here each module is
 * compiled as a vm.Script holding the same function, as Jest did before version 28: V8 caches a
 * script's compiled code in the worker by its source and file name, so the next suite that loads the
 * same file gets it without parsing or compiling it again. Each suite still runs every module afresh
 * in its own context: only the compiled code is shared. The header sits on a line of its own, shifted
 * out by `lineOffset`, so lines and columns (and source-mapped stack traces) are the file's own.
 */
type CompileFunction = typeof vm.compileFunction;

const INSTALLED = Symbol.for('tpu-training-pipeline.script-compile');

function compileAsScript(
  ...[code, params = [], options = {}]: Parameters<CompileFunction>
): ReturnType<CompileFunction> {
  const { filename, parsingContext, importModuleDynamically } = options;
  if (!parsingContext) throw new Error(`compileFunction(${filename}): no parsingContext`);
  const script = new vm.Script(`(function (${params.join(', ')}) {\n${code}\n})`, {
    filename,
    lineOffset: -1,
    importModuleDynamically: importModuleDynamically as vm.ScriptOptions['importModuleDynamically'],
  });
  return script.runInContext(parsingContext) as ReturnType<CompileFunction>;
}

const vmModule = vm as typeof vm & { [INSTALLED]?: true };
if (!vmModule[INSTALLED]) {
  vmModule[INSTALLED] = true;
  (vmModule as { compileFunction: CompileFunction }).compileFunction = compileAsScript;
}

export default NodeEnvironment;
