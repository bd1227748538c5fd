// Where the agent comes from: the build's binary in the repository, else a per-user cache that an
// installed package (which ships agent.c only) compiles into on first use. A tiny C program stands
// in for agent.c, so only a C compiler is needed, not Linux.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentCacheDir, locateAgent } from './agent-binary.ts';

function haveCc(): boolean {
  try {
    execFileSync('cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const cc = haveCc();
if (!cc && process.env['CI'] === 'true') throw new Error('agent-binary.test.ts: no C compiler (cc), a failure under CI=true');
if (!cc) console.log('agent-binary.test.ts: the tests that compile skip: no C compiler (cc)');

let dir = '';
let source = '';
let built = '';
let cacheDir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nsproxy-agent-binary-'));
  mkdirSync(join(dir, 'pkg', 'agent'), { recursive: true });
  source = join(dir, 'pkg', 'agent', 'agent.c');
  built = join(dir, 'pkg', 'agent', 'bin', 'nsproxy-agent');
  cacheDir = join(dir, 'cache', 'nsproxy');
  writeFileSync(source, 'int main(void) { return 0; }\n');
});
afterEach(() => {
  chmodSync(dir, 0o700);
  rmSync(dir, { recursive: true, force: true });
});

describe('agentCacheDir', () => {
  it('is $XDG_CACHE_HOME/nsproxy, or ~/.cache/nsproxy when that is unset or relative', () => {
    expect(agentCacheDir({ XDG_CACHE_HOME: '/var/cache/me' })).toBe('/var/cache/me/nsproxy');
    expect(agentCacheDir({})).toBe(join(homedir(), '.cache', 'nsproxy'));
    expect(agentCacheDir({ XDG_CACHE_HOME: 'relative' })).toBe(join(homedir(), '.cache', 'nsproxy'));
  });
});

describe('locateAgent', () => {
  it('uses the build beside the source while it is not older than the source', async () => {
    mkdirSync(join(dir, 'pkg', 'agent', 'bin'));
    writeFileSync(built, '');
    expect(await locateAgent({ source, built, cacheDir, cc: 'no-such-cc' })).toEqual({ path: built });
  });

  it.skipIf(!cc)('compiles an installed package\'s source into the cache once, named by its hash, and reuses it', async () => {
    const first = await locateAgent({ source, built, cacheDir });
    const path = 'path' in first ? first.path : first.reason;
    expect(path).toMatch(new RegExp(`^${cacheDir}/agent-[0-9a-f]{16}$`));
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(existsSync(built)).toBe(false);
    // Found again without a compiler.
    expect(await locateAgent({ source, built, cacheDir, cc: 'no-such-cc' })).toEqual({ path });
    // Another source is another binary.
    writeFileSync(source, 'int main(void) { return 1; }\n');
    const other = await locateAgent({ source, built, cacheDir });
    expect(other).not.toEqual({ path });
  });

  it.skipIf(!cc)('rebuilds a build older than its source into the cache, not over the build', async () => {
    mkdirSync(join(dir, 'pkg', 'agent', 'bin'));
    writeFileSync(built, '');
    utimesSync(built, new Date(1000), new Date(1000));
    const found = await locateAgent({ source, built, cacheDir });
    expect('path' in found ? found.path : found.reason).toMatch(new RegExp(`^${cacheDir}/agent-`));
  });

  it('says in one line that there is no C compiler', async () => {
    const found = await locateAgent({ source, built, cacheDir, cc: 'nsproxy-no-such-cc' });
    expect(found).toEqual({ reason: 'the agent is not built and there is no C compiler (nsproxy-no-such-cc) to build it' });
  });

  it('refuses a cache that other users may write', async () => {
    mkdirSync(cacheDir, { recursive: true });
    chmodSync(cacheDir, 0o777);
    const found = await locateAgent({ source, built, cacheDir });
    expect(found).toEqual({ reason: `not using the agent cache: ${cacheDir} is writable by other users` });
  });

  it('says so when the source is missing too', async () => {
    rmSync(source);
    expect(await locateAgent({ source, built, cacheDir })).toEqual({ reason: `the agent binary is missing (${built}) and so is its source` });
  });
});
