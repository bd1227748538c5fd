/**
 * Issue 12, item 11: a run stopped by a signal prints the summary of what ran
 * (`N passed, N failed, interrupted by SIGINT`) and exits 128 + the signal's
 * number, the way a user meets it: the built command as a subprocess, on a
 * directory of many files, signalled after its first PASS line.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const FILES = 3000;
const SCENARIO = `@title: a child names its own uts namespace
# scenario-format.md
@needs: uts
init: clone a uts     => 2
a: sethostname alpha  => ok
a: hostname           => alpha
init: hostname        => nsproxy
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nsproxy-sig-'));
  await Promise.all(Array.from({ length: FILES }, (_, i) => writeFile(join(dir, `s${String(i).padStart(5, '0')}.nss`), SCENARIO)));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Ended {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: string;
  readonly err: string;
}

/** Runs the built command on the directory and sends `signal` once the first PASS line is out. */
function interruptedRun(signal: NodeJS.Signals): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'run', '--backend', 'sim', dir], { env: { ...process.env, CI: '' } });
    let out = '';
    let err = '';
    let sent = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no exit within 60 s; output so far:\n${out.slice(-500)}`));
    }, 60_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!sent && out.includes('PASS ')) {
        sent = true;
        child.kill(signal);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      resolve({ code, signal: sig, out, err });
    });
  });
}

describe.skipIf(!existsSync(bin))('the built command, interrupted', () => {
  test.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s after the first PASS: the summary of what ran, then interrupted; exit %i', async (signal, status) => {
    const ended = await interruptedRun(signal);
    expect(ended.err).toBe('');
    expect(ended.signal).toBeNull();
    expect(ended.code).toBe(status);
    const lines = ended.out.trimEnd().split('\n');
    const passes = lines.filter((line) => line.startsWith('PASS ')).length;
    expect(lines.at(-1)).toBe(`${passes} passed, 0 failed, interrupted by ${signal}`);
    expect(lines[0]).toBe('backend: sim');
    expect(lines.slice(1, -1).every((line) => line.startsWith('PASS '))).toBe(true);
    expect(passes).toBeGreaterThan(0);
    expect(passes).toBeLessThan(FILES);
  }, 90_000);
});
