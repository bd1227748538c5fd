/** Finds the scenario files named on the command line. */

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from './context.ts';

/** Every `*.nss` file under a directory, recursively, sorted by path. */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile() && entry.name.endsWith('.nss')) out.push(path);
  }
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The files to run, in order: each argument that is a file as given, each
 * directory as all its `*.nss` files (recursively, sorted). Duplicates are dropped.
 * Throws {@link UsageError} for a missing path or a directory without scenarios.
 */
export async function collectScenarioFiles(args: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(arg)).isDirectory();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new UsageError(code === 'ENOENT' || code === 'ENOTDIR' ? `no such file or directory: ${arg}` : `cannot read ${arg}: ${String(code ?? error)}`);
    }
    if (!isDirectory) {
      files.push(arg);
      continue;
    }
    const found = (await walk(arg)).sort(compare);
    if (found.length === 0) throw new UsageError(`no .nss files under ${arg}`);
    files.push(...found);
  }
  return [...new Set(files)];
}
