/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

/**
 * Tests are transpiled by @swc/jest (no type checking: `npm run typecheck` runs tsc once for the
 * whole project). Measured on this 2-core machine against ts-jest with isolatedModules: see README.
 */
const config: Config = {
  // Jest's Node environment; test/environment.ts says what it changes (how modules are compiled).
  testEnvironment: '<rootDir>/test/environment.ts',
  // Jest's default is cores - 1: one worker on this 2-core machine. Two beat one; three measured no better.
  maxWorkers: 2,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  // Builds the CLI bundles once for every suite that spawns them; makes the run's folder of shared stacks.
  globalSetup: '<rootDir>/test/global-setup.ts',
  // Removes the folder in which the suites of a run share the stacks they synthesize.
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // Without recorded durations (a fresh clone), the slowest suites first.
  testSequencer: '<rootDir>/test/sequencer.mjs',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

export default config;
