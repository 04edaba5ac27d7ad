import { rmSync } from 'node:fs';

/** Removes this run's folder of shared stacks (test/global-setup.ts made it). */
export default function globalTeardown(): void {
  const dir = process.env.TEST_STACKS_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
