/** Finds the scenario files named on the command line. */

import type { Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { showWord } from '@nsproxy/scenario';
import { UsageError } from './context.ts';

/** `<file>: not a regular file`: a FIFO, a socket or a device is never opened (a FIFO would block the run forever). */
export function notRegular(file: string): UsageError {
  return new UsageError(`${showWord(file)}: not a regular file`);
}

/** Why a path cannot be used, from the code of a failed stat. */
function statError(path: string, error: unknown): UsageError {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new UsageError(`no such file or directory: ${showWord(path)}`);
  if (code === 'ELOOP') return new UsageError(`${showWord(path)}: too many levels of symbolic links`);
  return new UsageError(`cannot read ${showWord(path)}: ${String(code ?? error)}`);
}

/** What a walk has seen: directories by real path (so a symlink loop ends), nothing else. */
interface Walk {
  readonly dirs: Set<string>;
}

/**
 * Every `*.nss` file under a directory, recursively. Symbolic links are
 * followed, to files and to directories; a directory reached twice (a link
 * back to an ancestor, or two links to one directory) is walked once. A `.nss`
 * that is a broken link or not a regular file is an error, never skipped.
 */
async function walk(dir: string, seen: Walk): Promise<string[]> {
  const real = await realpath(dir);
  if (seen.dirs.has(real)) return [];
  seen.dirs.add(real);
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const isNss = entry.name.endsWith('.nss');
    let target: Stats | { isDirectory(): boolean; isFile(): boolean } = entry;
    if (entry.isSymbolicLink()) {
      try {
        target = await stat(path);
      } catch (error) {
        if (isNss) throw statError(path, error);
        continue; // a broken link that names no scenario: not ours
      }
    }
    if (target.isDirectory()) out.push(...(await walk(path, seen)));
    else if (isNss) {
      if (!target.isFile()) throw notRegular(path);
      out.push(path);
    }
  }
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The files to run, in order: each argument that is a file as given, each
 * directory as all its `*.nss` files (recursively, following symbolic links,
 * sorted). A file reached twice (named twice, or through a link) runs once,
 * under the first name. Throws {@link UsageError} for a missing path, a path
 * that is not a regular file or a directory (a FIFO, a socket, a device), or a
 * directory without scenarios.
 */
export async function collectScenarioFiles(args: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    let info: Stats;
    try {
      info = await stat(arg);
    } catch (error) {
      throw statError(arg, error);
    }
    if (info.isDirectory()) {
      let found: string[];
      try {
        found = (await walk(arg, { dirs: new Set() })).sort(compare);
      } catch (error) {
        throw error instanceof UsageError ? error : statError(arg, error);
      }
      if (found.length === 0) throw new UsageError(`no .nss files under ${showWord(arg)}`);
      files.push(...found);
    } else if (info.isFile()) {
      files.push(arg);
    } else {
      throw notRegular(arg);
    }
  }
  const byReal = new Map<string, string>();
  for (const file of files) {
    const real = await realpath(file).catch(() => file);
    if (!byReal.has(real)) byReal.set(real, file);
  }
  return [...byReal.values()];
}
