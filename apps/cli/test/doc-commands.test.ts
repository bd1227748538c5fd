/**
 * Every shell command that the README and the pages of docs/ show, run as
 * written in a fresh copy of the repository (the files git tracks, and those
 * it does not ignore, without node_modules or any build output), in the order
 * a reader meets them. A command that fails here fails for a new user.
 *
 * One command is not run: the README's test command (`npm ci && npm test`),
 * which would run this test again inside itself; CI runs exactly that command
 * on a fresh clone (checked below against .ci/run).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The command lines of a Markdown text's `sh`/`bash`/`console` blocks, each without its trailing `# comment`. */
export function shellCommands(markdown: string): string[] {
  const out: string[] = [];
  let inBlock = false;
  for (const line of markdown.split('\n')) {
    // A fence may be indented (a block inside a list item).
    if (/^\s*```/.test(line)) {
      inBlock = !inBlock && /^\s*```(sh|bash|shell|console)\s*$/.test(line);
      continue;
    }
    if (!inBlock) continue;
    const command = line.replace(/^\$\s+/, '').replace(/\s+#.*$/, '').trim();
    if (command !== '' && !command.startsWith('#')) out.push(command);
  }
  return out;
}

/** README.md, then every page of docs/ and its folders (docs/roads/...) in name order; not docs/api, which the docs build generates. */
function documents(): string[] {
  const pages = readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md') && !f.startsWith('api/') && !f.includes('node_modules')).sort();
  return ['README.md', ...pages.map((p) => `docs/${p}`)];
}

/** The README's test command: what CI runs, never run from inside the tests. */
const TEST_COMMAND = 'npm ci && npm test';

/** A copy of the repository as a fresh clone has it: git's files only. */
function freshCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nsproxy-docs-'));
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0')) {
    if (file === '') continue;
    const from = join(root, file);
    const to = join(dir, file);
    mkdirSync(dirname(to), { recursive: true });
    try {
      cpSync(from, to);
    } catch (e) {
      // A tracked file deleted in the work tree is not part of the copy.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return dir;
}

const commands = documents().flatMap((doc) => shellCommands(readFileSync(join(root, doc), 'utf8')).map((command) => ({ doc, command })));

describe('shellCommands', () => {
  test('takes the lines of shell blocks, indented ones too, without comments or prompts', () => {
    const md = [
      'text', '```sh', 'npm ci && npm run demo      # the main job', '# a comment', '', '$ npx nsproxy run x.nss', '```',
      '```ts', 'const x = 1;', '```', '1. a step', '   ```bash', '   npx vitest run', '   ```', '```', 'plain block', '```',
    ].join('\n');
    expect(shellCommands(md)).toEqual(['npm ci && npm run demo', 'npx nsproxy run x.nss', 'npx vitest run']);
  });
});

describe('the commands of the README and docs/', () => {
  test('they are found, and the README shows its test command', () => {
    expect(commands.length).toBeGreaterThan(3);
    expect(commands.some((c) => c.doc === 'README.md' && c.command === TEST_COMMAND)).toBe(true);
  });

  test('CI runs the README\'s test command on a fresh clone', () => {
    const ci = readFileSync(join(root, '.ci/run'), 'utf8');
    const lines = ci.split('\n').map((l) => l.trim());
    const install = lines.findIndex((l) => l.startsWith('npm ci'));
    const run = lines.findIndex((l) => l === 'npm test');
    expect(install).toBeGreaterThanOrEqual(0);
    expect(run).toBeGreaterThan(install);
  });

  let dir: string | undefined;
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const runnable = commands.filter((c) => c.command !== TEST_COMMAND);
  test.each(runnable)('$doc: $command', ({ command }) => {
    dir ??= freshCopy();
    const r = spawnSync('sh', ['-c', command], { cwd: dir, encoding: 'utf8', env: process.env, maxBuffer: 64 * 1024 * 1024 });
    const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-15).join('\n');
    expect(r.status, `exit ${String(r.status)} (signal ${String(r.signal)}):\n${tail}`).toBe(0);
  }, 600_000);
});
