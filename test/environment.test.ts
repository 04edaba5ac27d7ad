import vm from 'node:vm';
import { throwHere } from './fixtures/throws';

/** test/environment.ts compiles each module as a vm.Script; what a suite sees must not change. */
describe('the test environment (test/environment.ts)', () => {
  it('is the one compiling modules', () => {
    expect(vm.compileFunction.name).toBe('compileAsScript');
  });

  it("keeps each module's own lines and columns in stack traces", () => {
    let stack = '';
    try {
      throwHere({ where: 'here' });
    } catch (e) {
      stack = (e as Error).stack ?? '';
    }
    expect(stack.split('\n').slice(0, 2)).toEqual([
      'Error: thrown here',
      expect.stringMatching(/^ {4}at throwHere \(.*\/test\/fixtures\/throws\.ts:5:9\)$/),
    ]);
  });

  it('runs a module afresh in each module registry', () => {
    let first: unknown;
    let second: unknown;
    jest.isolateModules(() => (first = require('./fixtures/throws')));
    jest.isolateModules(() => (second = require('./fixtures/throws')));
    expect(first).not.toBe(second);
  });
});
