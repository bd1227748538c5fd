/**
 * `nsproxy.config.{ts,mts,js,mjs}`: the scenario areas a project adds to the
 * command, the way vitest and eslint find their config files. The file is
 * searched from the working directory up to the root of the file system (the
 * nearest wins); `nsproxy run --config FILE` names one instead.
 *
 * ```ts
 * // nsproxy.config.ts
 * import { defineConfig } from 'nsproxy';
 * import { hostidArea } from './hostid-scenario.ts';
 * export default defineConfig({ areas: [hostidArea] });
 * ```
 *
 * A `.js`/`.mjs` file is imported as it is. A `.ts`/`.mts` file is imported
 * as it is where the runtime can (Node 22.18 and later strip types; vitest
 * transforms it); on Node 20 it is transpiled on the fly by the `typescript`
 * package the project has installed (see `ts-hooks.ts`).
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SimArea } from '@nsproxy/core/scenario';
import { composeAreas } from '@nsproxy/scenario';
import type { ComposedAreas, ParseOptions } from '@nsproxy/scenario';
import { UsageError } from './context.ts';

/** What a config file exports (as its default export). */
export interface NsproxyConfig {
  /** Scenario areas added after the built-in ones: their types are registered in the simulated kernel, their ops parsed and run. */
  readonly areas?: readonly SimArea[];
}

/** Typed identity, for `export default defineConfig({ ... })`. */
export function defineConfig(config: NsproxyConfig): NsproxyConfig {
  return config;
}

/** The names a config file may have, in the order they are looked for in each directory. */
export const CONFIG_FILES: readonly string[] = ['nsproxy.config.ts', 'nsproxy.config.mts', 'nsproxy.config.js', 'nsproxy.config.mjs'];

/** A config file that cannot be used: one line, printed as it is. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The nearest config file from `cwd` upward, or undefined. */
export function findConfig(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILES) {
      const file = join(dir, name);
      if (existsSync(file) && statSync(file).isFile()) return file;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').map((line) => line.trim()).find((line) => line !== '') ?? 'unknown error';
}

let tsHooks = false;

/** Registers the TypeScript hooks once, with the `typescript` package found from the config file (or from this command). */
function registerTsHooks(file: string): void {
  if (tsHooks) return;
  let typescript: string | undefined;
  for (const from of [file, import.meta.url]) {
    try {
      typescript = createRequire(from).resolve('typescript');
      break;
    } catch {
      // try the next place
    }
  }
  if (typescript === undefined) {
    throw new ConfigError(`cannot load ${file}: this Node.js cannot run TypeScript and the typescript package is not installed (npm install --save-dev typescript, or write nsproxy.config.js)`);
  }
  register(new URL('./ts-hooks.js', import.meta.url), { data: { typescript: pathToFileURL(typescript).href } });
  tsHooks = true;
}

async function importConfig(file: string): Promise<unknown> {
  const url = pathToFileURL(file).href;
  try {
    return await import(url);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !/\.m?ts$/.test(file)) throw error;
  }
  registerTsHooks(file);
  // A new URL: the failed attempt stays in the module cache under the old one.
  return import(`${url}?ts`);
}

/** Checks the shape of one area (enough to fail with a clear line instead of deep inside a run). */
function checkArea(area: unknown, index: number, file: string): SimArea {
  const where = `${file}: areas[${index}]`;
  if (typeof area !== 'object' || area === null) throw new ConfigError(`${where} is not a scenario area (an object with name, types, ops and sim)`);
  const a = area as Record<string, unknown>;
  if (typeof a['name'] !== 'string' || a['name'] === '') throw new ConfigError(`${where} has no name`);
  const name = `${where} ('${a['name']}')`;
  if (!Array.isArray(a['types'])) throw new ConfigError(`${name}: types must be an array of namespace types`);
  for (const t of a['types'] as unknown[]) {
    if (typeof t !== 'object' || t === null || typeof (t as { name?: unknown }).name !== 'string') throw new ConfigError(`${name}: types must be namespace types (objects with a name)`);
  }
  if (!Array.isArray(a['ops'])) throw new ConfigError(`${name}: ops must be an array of op specs`);
  for (const s of a['ops'] as unknown[]) {
    if (typeof s !== 'object' || s === null || typeof (s as { name?: unknown }).name !== 'string') throw new ConfigError(`${name}: ops must be op specs (objects with a name)`);
  }
  if (typeof a['sim'] !== 'object' || a['sim'] === null) throw new ConfigError(`${name}: sim must be an object of simulated ops by name`);
  for (const [op, fn] of Object.entries(a['sim'])) if (typeof fn !== 'function') throw new ConfigError(`${name}: sim.${op} is not a function`);
  return area as SimArea;
}

/** Loads a config file: its default export, checked. Throws {@link ConfigError} (one line) for every problem. */
export async function loadConfig(file: string): Promise<NsproxyConfig> {
  if (!existsSync(file)) throw new ConfigError(`config file ${file} does not exist`);
  let mod: unknown;
  try {
    mod = await importConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`cannot load ${file}: ${errorText(error)}`);
  }
  const config = (mod as { default?: unknown } | undefined)?.default;
  if (typeof config !== 'object' || config === null) throw new ConfigError(`${file} has no default export of a config (export default defineConfig({ areas: [...] }))`);
  const areas = (config as { areas?: unknown }).areas;
  if (areas === undefined) return {};
  if (!Array.isArray(areas)) throw new ConfigError(`${file}: areas must be an array of scenario areas`);
  return { areas: (areas as unknown[]).map((area, i) => checkArea(area, i, file)) };
}

/** The areas of a command: the built-in ones, then the config file's, composed; and how to parse scenarios with them. */
export interface LoadedAreas {
  readonly areas: readonly SimArea[];
  readonly composed: ComposedAreas;
  /** What `parseScenario` needs: the op table, the types, and where a missing area can be added. */
  readonly parse: ParseOptions;
}

/**
 * Loads the config file (`configFlag`, resolved from `cwd`, or else the
 * nearest `nsproxy.config.*` from `cwd`) and composes its areas after
 * `builtin`. Throws {@link ConfigError} (one line) for every problem of the
 * file, and UsageError for a `--config` given twice or empty.
 */
export async function loadScenarioAreas(builtin: readonly SimArea[], cwd: string, configFlag: unknown): Promise<LoadedAreas> {
  if (configFlag !== undefined && (typeof configFlag !== 'string' || configFlag === '')) throw new UsageError('--config given more than once, or without a FILE');
  const file = configFlag !== undefined ? resolve(cwd, configFlag) : findConfig(cwd);
  const config = file === undefined ? {} : await loadConfig(file);
  const areas = [...builtin, ...(config.areas ?? [])];
  let composed: ComposedAreas;
  try {
    composed = composeAreas(areas);
  } catch (error) {
    throw new ConfigError(`${file ?? 'scenario areas'}: ${errorText(error)}`);
  }
  const areaHint = file === undefined ? `add one in nsproxy.config.ts; none was found from ${cwd}` : `add one in ${file}`;
  return { areas, composed, parse: { ops: composed.ops, types: composed.types, areaHint, roads: composed.roads } };
}
