/**
 * The text of a scenario named on the command line: a regular file, or
 * standard input for `-`. A scenario is UTF-8 text, so a file with a NUL byte
 * (a binary file) and one with bytes that are not UTF-8 are refused, each in
 * one line naming the file and the line, never echoed and never "repaired"
 * with U+FFFD, as `grep` says "binary file matches" rather than print it.
 */

import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { showWord } from '@nsproxy/scenario';
import { errorText } from './context.ts';
import { collectScenarioFiles } from './files.ts';

/** The name standard input goes by in messages and output (`run -`). */
export const STDIN_NAME = '<stdin>';

/** A scenario to read: a file's path, or standard input. */
export type ScenarioSource = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'stdin' };

/** Why a scenario's bytes are not a scenario's text: one line, printed as it is. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/**
 * The sources the arguments name, in order: `-` is standard input (read once,
 * however often it is named), anything else a file or a directory as
 * `collectScenarioFiles` finds them. A file reached twice runs once.
 */
export async function scenarioSources(args: readonly string[]): Promise<ScenarioSource[]> {
  const out: ScenarioSource[] = [];
  const seen = new Set<string>();
  let stdin = false;
  let pending: string[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    for (const path of await collectScenarioFiles(pending)) {
      const real = await realpath(path).catch(() => path);
      if (seen.has(real)) continue;
      seen.add(real);
      out.push({ kind: 'file', path });
    }
    pending = [];
  };
  for (const arg of args) {
    if (arg !== '-') {
      pending.push(arg);
      continue;
    }
    await flush();
    if (!stdin) out.push({ kind: 'stdin' });
    stdin = true;
  }
  await flush();
  return out;
}

/** The name of a source in messages (not escaped). */
export function sourceName(source: ScenarioSource): string {
  return source.kind === 'stdin' ? STDIN_NAME : source.path;
}

/**
 * A regular file's bytes. It is opened without blocking and checked on the
 * open descriptor, so a FIFO (even one put in place after the file was
 * listed) never hangs the run.
 */
async function readRegular(file: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new InputError(`cannot read ${showWord(file)}: ${(error as { code?: string }).code ?? errorText(error)}`);
  }
  try {
    if (!(await handle.stat()).isFile()) throw new InputError(`${showWord(file)}: not a regular file`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** Everything a stream gives until its end. */
async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The bytes of a source (standard input: `stdin`, the process's by default). */
export async function readSource(source: ScenarioSource, stdin: NodeJS.ReadableStream = process.stdin): Promise<Uint8Array> {
  if (source.kind === 'file') return readRegular(source.path);
  try {
    return await readAll(stdin);
  } catch (error) {
    throw new InputError(`cannot read ${STDIN_NAME}: ${(error as { code?: string }).code ?? errorText(error)}`);
  }
}

/**
 * The offset of the first byte that does not start a well-formed UTF-8
 * sequence (The Unicode Standard, table 3-7: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or -1 when all of them do.
 */
export function invalidUtf8At(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let more: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) more = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      more = 2;
      if (lead === 0xe0) lo = 0xa0;
      else if (lead === 0xed) hi = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      more = 3;
      if (lead === 0xf0) lo = 0x90;
      else if (lead === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= more; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < (k === 1 ? lo : 0x80) || next > (k === 1 ? hi : 0xbf)) return i;
    }
    i += more + 1;
  }
  return -1;
}

/** The 1-based line of a byte offset. */
function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * A scenario's text from its bytes. Refuses, with an {@link InputError}
 * naming the file and the line: a NUL byte (a binary file: nothing of it is
 * shown) and a byte sequence that is not UTF-8.
 */
export function decodeScenario(bytes: Uint8Array, name: string): string {
  const shown = showWord(name);
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new InputError(`${shown}:${lineOf(bytes, nul)}: a NUL byte: a binary file, not a scenario`);
  const bad = invalidUtf8At(bytes);
  if (bad >= 0) throw new InputError(`${shown}:${lineOf(bytes, bad)}: invalid UTF-8 (byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')})`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** The line for a scenario without steps: an empty file, or one of headers and comments only. */
export function noSteps(name: string, source: string): string {
  return `${showWord(name)}: no steps${source.trim() === '' ? ' (the file is empty)' : ''}`;
}
