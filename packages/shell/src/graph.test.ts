import { describe, expect, it } from 'vitest';
import { CLONE_NEWNET, CLONE_NEWUTS } from '@nsproxy/core';
import { netNamespaceType } from '@nsproxy/net';
import { TextReader, createMachine, kernelGraph, machineGraph, quiesce, runSession, toDot, toMermaid, toSvg } from './index.ts';
import type { Graph, GraphEdge, Machine } from './index.ts';

/** A fresh machine after `script`, its background processes settled. */
async function after(script: string): Promise<{ machine: Machine; stderr: string }> {
  const machine = createMachine();
  let stderr = '';
  await runSession(machine, { stdout: { write: () => {} }, stderr: { write: (t) => void (stderr += t) } }, { input: new TextReader(script) });
  await quiesce(machine);
  return { machine, stderr };
}

/** The edges as `from kind to label` lines. */
const edgeLines = (g: Graph, kind?: GraphEdge['kind']): string[] => g.edges.filter((e) => kind === undefined || e.kind === kind).map((e) => `${e.from} ${e.kind} ${e.to}${e.label === '' ? '' : ` ${e.label}`}`);
const node = (g: Graph, id: string) => g.nodes.find((n) => n.id === id);

describe('machineGraph', () => {
  it('draws unshare, ip netns add and a veth pair: tasks, namespaces, holders, owners, parents, the nsfs mount, the pair', async () => {
    const { machine, stderr } = await after([
      'ip netns add blue',
      'ip link add veth0 type veth peer name veth1',
      'ip link set veth1 netns blue',
      'unshare -U -r -p -f --mount-proc sleep 100 &',
    ].join('\n'));
    expect(stderr).toBe('');
    const g = machineGraph(machine);
    // init; the unshare that forked (pid 6, still in the initial pid namespace) and its child, pid 1 of the new one.
    expect(g.nodes.filter((n) => n.kind === 'task').map((n) => [n.id, n.label, ...n.details])).toEqual([
      ['t1', '1 init'], ['t6', '6 unshare'], ['t7', '7 sleep', 'NSpid 7 1'],
    ]);
    expect(g.nodes.filter((n) => n.kind === 'ns').map((n) => n.label)).toEqual([
      'mnt:[4026531832]', 'net:[4026531833]', 'pid:[4026531836]', 'user:[4026531837]', 'uts:[4026531838]', 'ipc:[4026531839]',
      'net:[4026531840]', 'user:[4026531841]', 'mnt:[4026531842]', 'pid:[4026531843]',
    ]);
    expect(node(g, 'n4026531833')?.details).toEqual(['initial', 'lo eth0 veth0']);
    expect(node(g, 'n4026531840')?.details).toEqual(['lo veth1']);
    // The netns of `ip netns add`: pinned by its bind mount, in the initial mount namespace and in the copy unshare -m made of it.
    expect(edgeLines(g, 'mount')).toEqual(['n4026531832 mount n4026531840 /run/netns/blue', 'n4026531842 mount n4026531840 /run/netns/blue']);
    expect(edgeLines(g, 'veth')).toEqual(['n4026531833 veth n4026531840 veth0 - veth1']);
    expect(edgeLines(g, 'parent')).toEqual(['n4026531841 parent n4026531837 parent', 'n4026531843 parent n4026531836 parent']);
    expect(edgeLines(g, 'owner')).toEqual([
      'n4026531832 owner n4026531837 owner', 'n4026531833 owner n4026531837 owner', 'n4026531836 owner n4026531837 owner',
      'n4026531838 owner n4026531837 owner', 'n4026531839 owner n4026531837 owner', 'n4026531840 owner n4026531837 owner',
      'n4026531842 owner n4026531841 owner', 'n4026531843 owner n4026531841 owner',
    ]);
    // unshare -p -f: the parent's pid_for_children is the new pid namespace, its own pid namespace the initial one.
    expect(edgeLines(g, 'holds').filter((l) => l.startsWith('t6 '))).toEqual([
      't6 holds n4026531839', 't6 holds n4026531842', 't6 holds n4026531833', 't6 holds n4026531836',
      't6 holds n4026531843 pid_for_children', 't6 holds n4026531841', 't6 holds n4026531838',
    ]);
    expect(edgeLines(g, 'holds').filter((l) => l.startsWith('t7 '))).toContain('t7 holds n4026531843');
    // Every edge joins two nodes of the graph.
    const ids = new Set(g.nodes.map((n) => n.id));
    expect(g.edges.every((e) => ids.has(e.from) && ids.has(e.to))).toBe(true);
  });

  it('shows a namespace held only by a bind mount (unshare --uts=FILE), and drops it once unmounted', async () => {
    const { machine } = await after('mount -t tmpfs tmpfs /tmp\nmkdir /tmp/d\n: > /tmp/d/uts\nunshare --uts=/tmp/d/uts hostname box\n');
    const g = machineGraph(machine);
    const uts = g.nodes.filter((n) => n.type === 'uts');
    expect(uts.map((n) => n.details.at(-1))).toEqual(['hostname nsproxy', 'hostname box']);
    expect(edgeLines(g, 'mount')).toEqual([`n4026531832 mount ${uts[1]?.id ?? ''} /tmp/d/uts`]);
    expect(g.edges.filter((e) => e.kind === 'holds' && e.to === uts[1]?.id)).toEqual([]);
    const { machine: m2 } = await after('mount -t tmpfs tmpfs /tmp\n: > /tmp/uts\nunshare --uts=/tmp/uts true\numount /tmp/uts\n');
    expect(machineGraph(m2).nodes.filter((n) => n.type === 'uts')).toHaveLength(1);
  });

  it('draws open ns files, other pins, and zombies', () => {
    const machine = createMachine();
    const k = machine.kernel;
    const child = machine.fork(machine.init, CLONE_NEWNET);
    const fd = k.openNsInode(machine.init, k.peekNs(child, netNamespaceType) as NonNullable<ReturnType<typeof k.peekNs>>);
    const other = machine.fork(machine.init, CLONE_NEWUTS);
    const uts = k.nsOf(other, 'uts');
    if (!uts) throw new Error('no uts');
    k.pinNs(uts, 'test holder');
    k.exit(other, 0);
    const g = kernelGraph(k);
    const netId = `n${k.nsOf(child, 'net')?.inum ?? 0}`;
    expect(edgeLines(g, 'fd')).toEqual([`t1 fd ${netId} fd ${fd}`]);
    expect(g.nodes.find((n) => n.kind === 'pin')).toEqual({ id: 'p0', kind: 'pin', label: 'test holder', details: [] });
    expect(edgeLines(g, 'pin')).toEqual([`p0 pin n${uts.inum}`]);
    // An exited child not yet reaped: a zombie without its nsproxy, still in its user and pid namespaces.
    expect(node(g, 't3')?.details).toEqual(['zombie']);
    expect(edgeLines(g, 'holds').filter((l) => l.startsWith('t3 '))).toEqual(['t3 holds n4026531836', 't3 holds n4026531837']);
  });
});

describe('toDot', () => {
  it('prints a tiny machine as this DOT text', async () => {
    const { machine } = await after('unshare -u sleep 5 &\n');
    expect(toDot(machineGraph(machine))).toBe(`digraph nsproxy {
  graph [rankdir=LR, fontname="monospace"];
  node [fontname="monospace", fontsize=10, style=filled];
  edge [fontname="monospace", fontsize=9];
  t1 [shape=box, fillcolor="#ffffff", color="#2e3436", label="1 init"];
  t3 [shape=box, fillcolor="#ffffff", color="#2e3436", label="3 sleep"];
  n4026531832 [shape=box, style="filled,rounded", fillcolor="#d4f2b5", color="#4e9a06", label="mnt:[4026531832]\\ninitial"];
  n4026531833 [shape=box, style="filled,rounded", fillcolor="#cfe0f3", color="#204a87", label="net:[4026531833]\\ninitial\\nlo eth0"];
  n4026531836 [shape=box, style="filled,rounded", fillcolor="#f6dcb8", color="#8f5902", label="pid:[4026531836]\\ninitial"];
  n4026531837 [shape=box, style="filled,rounded", fillcolor="#fff4b3", color="#8a7300", label="user:[4026531837]\\ninitial"];
  n4026531838 [shape=box, style="filled,rounded", fillcolor="#e6d6e4", color="#5c3566", label="uts:[4026531838]\\ninitial\\nhostname nsproxy"];
  n4026531839 [shape=box, style="filled,rounded", fillcolor="#fde0bf", color="#ce5c00", label="ipc:[4026531839]\\ninitial"];
  n4026531840 [shape=box, style="filled,rounded", fillcolor="#e6d6e4", color="#5c3566", label="uts:[4026531840]\\nhostname nsproxy"];
  { rank=same; t1; t3; }
  t1 -> n4026531839 [color="#888a85"];
  t1 -> n4026531832 [color="#888a85"];
  t1 -> n4026531833 [color="#888a85"];
  t1 -> n4026531836 [color="#888a85"];
  t1 -> n4026531837 [color="#888a85"];
  t1 -> n4026531838 [color="#888a85"];
  t3 -> n4026531839 [color="#888a85"];
  t3 -> n4026531832 [color="#888a85"];
  t3 -> n4026531833 [color="#888a85"];
  t3 -> n4026531836 [color="#888a85"];
  t3 -> n4026531837 [color="#888a85"];
  t3 -> n4026531840 [color="#888a85"];
  n4026531832 -> n4026531837 [color="#3465a4", style=dashed, label="owner"];
  n4026531833 -> n4026531837 [color="#3465a4", style=dashed, label="owner"];
  n4026531836 -> n4026531837 [color="#3465a4", style=dashed, label="owner"];
  n4026531838 -> n4026531837 [color="#3465a4", style=dashed, label="owner"];
  n4026531839 -> n4026531837 [color="#3465a4", style=dashed, label="owner"];
  n4026531840 -> n4026531837 [color="#3465a4", style=dashed, label="owner"];
}
`);
  });

  it('quotes labels: a backslash and a double quote in a path', () => {
    const g: Graph = { nodes: [{ id: 'n1', kind: 'ns', label: 'net:[1]', details: [] }, { id: 'n2', kind: 'ns', label: 'mnt:[2]', details: [] }], edges: [{ from: 'n2', to: 'n1', kind: 'mount', label: '/run/a"b\\c' }] };
    expect(toDot(g)).toContain('n2 -> n1 [color="#4e9a06", style=dotted, penwidth=1.5, label="/run/a\\"b\\\\c"];');
  });
});

describe('toMermaid', () => {
  it('declares each node once, draws each edge with its style, and escapes what would end a label', async () => {
    const { machine } = await after('ip netns add blue\nip link add name a type veth peer name b\nip link set dev b netns blue\n');
    const g = machineGraph(machine);
    const text = toMermaid(g);
    const lines = text.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    for (const n of g.nodes) expect(lines.filter((l) => l.startsWith(`  ${n.id}[`) || l.startsWith(`  ${n.id}(`))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('  linkStyle '))).toHaveLength(g.edges.length);
    expect(text).toContain('  n4026531833 <-->|"a - b"| n4026531840');
    expect(text).toContain('  n4026531832 -.->|"/run/netns/blue"| n4026531840');
    expect(text).toContain('  n4026531833(["net:[4026531833]<br/>initial<br/>lo eth0 a"])');
    const odd: Graph = { nodes: [{ id: 'p0', kind: 'pin', label: 'a "b" <c> | d', details: [] }], edges: [] };
    expect(toMermaid(odd)).toContain('  p0[/"a #quot;b#quot; #lt;c#gt; #124; d"/]');
  });
});

/** A small XML well-formedness check: every tag closed in order, attributes quoted, entities known. */
function wellFormed(xml: string): string | undefined {
  const body = xml.replace(/^<\?xml [^?]*\?>\n/, '');
  const stack: string[] = [];
  const re = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (m[6] !== undefined) return `stray < at ${m.index}`;
    const textPart = m[5];
    if (textPart !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(textPart)) return `bad entity near ${m.index}`;
      continue;
    }
    const [, close, name = '', , selfClose] = m;
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(m[3] ?? '')) return `bad entity in attributes of ${name}`;
    if (close === '/') {
      if (stack.pop() !== name) return `</${name}> closes nothing`;
    } else if (selfClose !== '/') stack.push(name);
    if (stack.length === 0 && name !== 'svg') return `content outside <svg>: ${name}`;
  }
  return stack.length === 0 ? undefined : `unclosed ${stack.join(', ')}`;
}

describe('toSvg', () => {
  it('is well-formed SVG with a box per node and a path per edge, the same every time, no two boxes of a column overlapping', async () => {
    const { machine } = await after('ip netns add blue\nip link add veth0 type veth peer name veth1\nip link set veth1 netns blue\nunshare -U -r -p -f --mount-proc sleep 100 &\n');
    const g = machineGraph(machine);
    const svg = toSvg(g);
    expect(wellFormed(svg)).toBeUndefined();
    expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="[\d.]+" height="[\d.]+" viewBox="0 0 [\d.]+ [\d.]+"/);
    expect(svg.match(/<g class="node /g)).toHaveLength(g.nodes.length);
    expect(svg.match(/<path class="edge /g)).toHaveLength(g.edges.length);
    expect(toSvg(machineGraph(machine))).toBe(svg);
    const boxes = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" rx/g)].map((m) => m.slice(1).map(Number) as [number, number, number, number]);
    expect(boxes).toHaveLength(g.nodes.length);
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const overlap = a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
        expect(overlap).toBe(false);
      }
    }
    // The user namespaces are the last columns, the initial one rightmost; tasks the first.
    const x = (id: string): number => Number(new RegExp(`id="${id}">\\n<rect x="([\\d.]+)"`).exec(svg)?.[1]);
    expect(x('t1')).toBeLessThan(x('n4026531833'));
    expect(x('n4026531843')).toBeLessThan(x('n4026531841'));
    expect(x('n4026531841')).toBeLessThan(x('n4026531837'));
  });

  it('escapes text for XML', () => {
    const g: Graph = { nodes: [{ id: 'p0', kind: 'pin', label: 'a & <b> "c"', details: [] }], edges: [] };
    const svg = toSvg(g);
    expect(svg).toContain('>a &amp; &lt;b&gt; &quot;c&quot;</text>');
    expect(wellFormed(svg)).toBeUndefined();
    expect(wellFormed('<svg><g></svg>')).toBe('</svg> closes nothing');
  });
});
