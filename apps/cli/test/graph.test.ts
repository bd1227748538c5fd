/**
 * Issue 18: `nsproxy graph`, the built command as a subprocess: a script
 * (FILE or standard input) run on a fresh simulated machine, its final state
 * drawn as DOT, Mermaid or SVG on standard output or in a file. The DOT goes
 * through Graphviz when `dot` is installed, the SVG through an XML parser
 * when python3 is.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const bin = fileURLToPath(new URL('../bin/nsproxy.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'nsproxy-graph-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const ENV = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LC_ALL: 'C', HOME: '/root' };

const SCRIPT = [
  'ip netns add blue',
  'ip link add veth0 type veth peer name veth1',
  'ip link set veth1 netns blue',
  'unshare -U -r -p -f --mount-proc sleep 100 &',
  'echo done',
  'nosuch',
  '',
].join('\n');

function nsproxy(args: readonly string[], input = ''): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [bin, 'graph', ...args], { input, cwd: work, encoding: 'utf8', env: ENV, timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/**
 * Whether a program is on the PATH. Under CI=true it must be (.ci/run installs Graphviz and has python3):
 * a missing one fails instead of skipping its test.
 */
function has(program: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).status === 0;
  if (!found && process.env.CI === 'true') throw new Error(`${program} is not on the PATH (CI=true: .ci/run installs it)`);
  return found;
}

describe('nsproxy graph', () => {
  writeFileSync(join(work, 'net.sh'), SCRIPT);

  test('draws the final state of a script file as DOT: standard output is the graph alone, the script\'s errors on stderr, status 0', () => {
    const r = nsproxy(['net.sh']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('net.sh: 6: nosuch: not found\n');
    expect(r.stdout).not.toContain('done');
    expect(r.stdout.startsWith('digraph nsproxy {\n')).toBe(true);
    expect(r.stdout.endsWith('}\n')).toBe(true);
    // The sleep in its new pid namespace, the veth pair, the netns mount, the nesting.
    expect(r.stdout).toContain('label="7 sleep\\nNSpid 7 1"');
    expect(r.stdout).toMatch(/n4026531833 -> n4026531840 \[color="#cc0000", penwidth=2, dir=none, constraint=false, label="veth0 - veth1"\];/);
    expect(r.stdout).toContain('n4026531832 -> n4026531840 [color="#4e9a06", style=dotted, penwidth=1.5, label="/run/netns/blue"];');
    expect(r.stdout).toMatch(/n4026531843 -> n4026531836 \[[^\]]*label="parent"\]/);
    // The same script on standard input draws the same graph (the name in error lines is sh's).
    const piped = nsproxy([], SCRIPT);
    expect(piped.stdout).toBe(r.stdout);
    expect(piped.stderr).toBe('sh: 6: nosuch: not found\n');
  });

  test.runIf(has('dot'))('the DOT is valid for Graphviz (dot -Tsvg)', () => {
    const dot = nsproxy(['net.sh']).stdout;
    const r = spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('<svg');
  });

  test('--format mermaid prints a flowchart', () => {
    const r = nsproxy(['--format', 'mermaid', 'net.sh']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('flowchart LR');
    expect(r.stdout).toContain('  n4026531833 <-->|"veth0 - veth1"| n4026531840');
  });

  test('-o FILE.svg writes an SVG image (the format from the extension), nothing on stdout', () => {
    const r = nsproxy(['-o', 'net.svg', 'net.sh']);
    expect(r).toEqual({ stdout: '', stderr: 'net.sh: 6: nosuch: not found\n', status: 0 });
    const svg = readFileSync(join(work, 'net.svg'), 'utf8');
    expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<g class="node task" id="t7">');
    // --format wins over the extension.
    expect(nsproxy(['--format', 'dot', '-o', 'x.svg', 'net.sh']).status).toBe(0);
    expect(readFileSync(join(work, 'x.svg'), 'utf8').startsWith('digraph')).toBe(true);
  });

  test.runIf(has('python3'))('the SVG parses as XML and its root is an svg element of the SVG namespace', () => {
    nsproxy(['--format', 'svg', '-o', 'p.svg', 'net.sh']);
    const r = spawnSync('python3', ['-c', 'import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]).documentElement; print(d.tagName, d.namespaceURI)', join(work, 'p.svg')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('svg http://www.w3.org/2000/svg\n');
  });

  test('bad input: an unknown format, a missing FILE (status 2); an OUT that cannot be written (status 1)', () => {
    expect(nsproxy(['--format', 'png', 'net.sh'])).toEqual({ stdout: '', stderr: "nsproxy: graph: unknown format 'png' (formats: dot, mermaid, svg)\n", status: 2 });
    expect(nsproxy(['nosuch.sh'])).toEqual({ stdout: '', stderr: 'nsproxy: graph: cannot open nosuch.sh: No such file\n', status: 2 });
    const r = nsproxy(['-o', 'no/such/dir/g.dot', 'net.sh']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^net\.sh: 6: nosuch: not found\nnsproxy: graph: cannot write no\/such\/dir\/g\.dot: ENOENT/);
  });
});
