import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** An absolute path for `path`: as given when absolute, else under the project root (the folder holding cdktf.json). */
export function projectFile(path: string): string {
  if (isAbsolute(path)) return path;
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'cdktf.json'))) return join(dir, path);
    if (dirname(dir) === dir) return resolve(path);
  }
}
