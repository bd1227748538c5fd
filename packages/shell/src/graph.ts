/**
 * The namespace graph of a machine: what `nsproxy graph` draws and the
 * playground will draw live. `machineGraph` reads the state through the
 * public API of core and the type packages: the tasks (pid in the initial
 * pid namespace, comm), every live namespace (type and nsfs inode), which
 * task holds which namespace (its /proc/PID/ns links: the nsproxy, the
 * credentials' user namespace, the active pid namespace), the owning user
 * namespace of each (proc_ns_operations.owner, NS_GET_USERNS), the parent of
 * a user or pid namespace (NS_GET_PARENT), the nsfs bind mounts that pin a
 * namespace (fs/nsfs.c), open ns files and sockets, and the veth pairs
 * between network namespaces (drivers/net/veth.c). `toDot`, `toMermaid` and
 * `toSvg` print it; the SVG is laid out here (no dependency): one column
 * per layer, nodes ordered by the barycentre of their neighbours.
 * Browser-safe, deterministic.
 */
import { PidNamespace, UserNamespace, nsOwner } from '@nsproxy/core';
import type { Kernel, NsCommon, Task } from '@nsproxy/core';
import { MntNamespace, nsfsMounts } from '@nsproxy/mnt';
import { NetNamespace } from '@nsproxy/net';
import type { NetDevice } from '@nsproxy/net';
import { UtsNamespace } from '@nsproxy/uts';
import { settle } from './machine.ts';

/** A node: a task, a namespace, or a pin held by something that is not a mount of a live namespace. */
export interface GraphNode {
  /** Unique, `[a-z][a-z0-9]*`: `t<pid>`, `n<inode>`, `p<index>`. */
  readonly id: string;
  readonly kind: 'task' | 'ns' | 'pin';
  /** The first line: `5 sleep`, `net:[4026531840]`, `mount 12`. */
  readonly label: string;
  /** Further lines (`NSpid 5 1`, `initial`, `lo eth0`, `hostname box`). */
  readonly details: readonly string[];
  /** A task's pid in the initial pid namespace. */
  readonly pid?: number;
  /** A namespace's type (`net`) and nsfs inode number. */
  readonly type?: string;
  readonly inum?: number;
}

/**
 * An edge. `holds`: a task's /proc/PID/ns link (label: the entries whose
 * name is not the type's, `pid_for_children`); `fd`: an open file of a task
 * holding a namespace (`fd 3`); `owner`: a namespace's owning user
 * namespace; `parent`: a user or pid namespace's parent; `mount`: an nsfs
 * bind mount of a mount namespace (label: its path) pinning a namespace;
 * `pin`: any other pin; `veth`: a veth pair between two network namespaces
 * (label: the two ends), undirected.
 */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: 'holds' | 'fd' | 'owner' | 'parent' | 'mount' | 'pin' | 'veth';
  readonly label: string;
}

/** The graph of a kernel's tasks and namespaces (which task holds which namespace, ownership, nesting, pins, veth pairs), as `lsns` and /proc show them. */
export interface Graph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

const taskId = (pid: number): string => `t${pid}`;
const nsId = (ns: NsCommon): string => `n${ns.inum}`;

/**
 * Lets the machine's background processes run until nothing changes any
 * more (each is done, or waits for the clock, which only a foreground
 * `sleep` or `wait` moves): the final state of a script whose last
 * command started jobs. At most `maxTurns` macrotask turns.
 */
export async function quiesce(machine: { readonly kernel: Kernel }, maxTurns = 1000): Promise<void> {
  const k = machine.kernel;
  const signature = (): string => `${k.tasks().map((t) => `${t.serial}${t.state}${t.comm}`).join(',')}|${k.namespaces().map((ns) => ns.inum).join(',')}|${k.pins().size}`;
  let last = signature();
  let still = 0;
  for (let i = 0; i < maxTurns && still < 3; i++) {
    await settle();
    const now = signature();
    still = now === last ? still + 1 : 0;
    last = now;
  }
}

/** The graph of a machine's (or a bare kernel's) final state. */
export function machineGraph(machine: { readonly kernel: Kernel }): Graph {
  return kernelGraph(machine.kernel);
}

/** The graph of a kernel's state. */
export function kernelGraph(k: Kernel): Graph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const live = k.namespaces().filter((ns) => ns.inum !== 0).sort((a, b) => a.inum - b.inum);
  const known = new Set(live);
  const initial = new Set<NsCommon>([k.initUserNs, k.initPidNs, ...k.types.filter((t) => k.isRegistered(t)).map((t) => k.initialNamespace(t))]);
  // Tasks: thread-group leaders not yet reaped (what /proc lists), by pid in the initial pid namespace.
  const tasks = k.tasks().filter((t) => t.isLeader && t.state !== 'dead').map((t) => ({ t, pid: t.pid.nrIn(k.initPidNs) })).filter((x) => x.pid > 0).sort((a, b) => a.pid - b.pid);
  for (const { t, pid } of tasks) {
    const nspid = k.nspid(t);
    const details = [...(nspid.length > 1 ? [`NSpid ${nspid.join(' ')}`] : []), ...(t.state === 'zombie' ? ['zombie'] : [])];
    nodes.push({ id: taskId(pid), kind: 'task', label: `${pid} ${t.comm}`, details, pid });
  }
  for (const ns of live) nodes.push({ id: nsId(ns), kind: 'ns', label: ns.linkName, details: nsDetails(ns, initial.has(ns)), type: ns.type, inum: ns.inum });
  // The ns links of each task, one edge per namespace (the entries that name it as label).
  const entries = k.nsEntries;
  for (const { t, pid } of tasks) {
    const byNs = new Map<NsCommon, string[]>();
    for (const entry of entries) {
      const ns = entryNs(k, t, entry);
      if (ns && known.has(ns)) byNs.set(ns, [...(byNs.get(ns) ?? []), entry]);
    }
    // The label names the entries only when the type's own entry is not among them (`pid_for_children` alone).
    for (const [ns, names] of byNs) edges.push({ from: taskId(pid), to: nsId(ns), kind: 'holds', label: names.includes(ns.type) ? '' : names.join(',') });
    if (!t.files?.size) continue;
    for (const [fd, f] of [...t.files.fds].sort((a, b) => a[0] - b[0])) {
      const held = f.kind === 'ns' ? [f.ns] : f.kind === 'object' ? f.object.holds() : [];
      const what = f.kind === 'object' ? ` ${f.object.what}` : '';
      for (const ns of held) if (known.has(ns)) edges.push({ from: taskId(pid), to: nsId(ns), kind: 'fd', label: `fd ${fd}${what}` });
    }
  }
  // Ownership and nesting.
  for (const ns of live) {
    const parent = ns instanceof UserNamespace || ns instanceof PidNamespace ? ns.parent : null;
    if (parent && known.has(parent)) edges.push({ from: nsId(ns), to: nsId(parent), kind: 'parent', label: 'parent' });
    if (ns instanceof UserNamespace) continue;
    const owner = nsOwner(ns);
    if (owner && known.has(owner)) edges.push({ from: nsId(ns), to: nsId(owner), kind: 'owner', label: 'owner' });
  }
  // Pins: the nsfs bind mounts of each mount namespace, then any other pin.
  const explained = new Set<string>();
  for (const ns of live) {
    if (!(ns instanceof MntNamespace)) continue;
    for (const m of nsfsMounts(ns)) {
      explained.add(m.mount.pinHolder);
      if (known.has(m.ns)) edges.push({ from: nsId(ns), to: nsId(m.ns), kind: 'mount', label: m.path });
    }
  }
  let pins = 0;
  for (const [holder, ns] of k.pins()) {
    if (explained.has(holder) || !known.has(ns)) continue;
    const id = `p${pins++}`;
    nodes.push({ id, kind: 'pin', label: holder, details: [] });
    edges.push({ from: id, to: nsId(ns), kind: 'pin', label: '' });
  }
  // veth pairs: each pair once, from the end with the lower (namespace, ifindex).
  for (const ns of live) {
    if (!(ns instanceof NetNamespace)) continue;
    for (const dev of [...ns.byIndex.values()].sort((a, b) => a.ifindex - b.ifindex)) {
      const peer = dev.peer;
      if (dev.kind !== 'veth' || !peer || dev.dead || peer.dead || !known.has(peer.ns) || !first(dev, peer)) continue;
      edges.push({ from: nsId(dev.ns), to: nsId(peer.ns), kind: 'veth', label: `${dev.name} - ${peer.name}` });
    }
  }
  return { nodes, edges };
}

/** Whether `a` is the end a veth pair is listed from. */
function first(a: NetDevice, b: NetDevice): boolean {
  return a.ns.inum < b.ns.inum || (a.ns === b.ns && a.ifindex < b.ifindex);
}

/** The namespace of a /proc/PID/ns entry of a task (undefined for a zombie's released nsproxy). */
function entryNs(k: Kernel, t: Task, entry: string): NsCommon | undefined {
  try {
    return k.nsOf(t, entry);
  } catch {
    return undefined;
  }
}

/** The detail lines of a namespace: initial, a network namespace's links, a uts namespace's hostname. */
function nsDetails(ns: NsCommon, isInitial: boolean): string[] {
  const out = isInitial ? ['initial'] : [];
  if (ns instanceof NetNamespace) out.push([...ns.byIndex.values()].sort((a, b) => a.ifindex - b.ifindex).map((d) => d.name).join(' '));
  if (ns instanceof UtsNamespace) out.push(`hostname ${ns.name.nodename}`);
  return out;
}

// ------------------------------------------------------------------ styles

/** Fill and stroke of a namespace type's nodes (others: grey). */
const TYPE_COLOURS: Readonly<Record<string, readonly [string, string]>> = {
  user: ['#fff4b3', '#8a7300'], pid: ['#f6dcb8', '#8f5902'], mnt: ['#d4f2b5', '#4e9a06'], net: ['#cfe0f3', '#204a87'],
  uts: ['#e6d6e4', '#5c3566'], ipc: ['#fde0bf', '#ce5c00'], cgroup: ['#f8cccc', '#a40000'], time: ['#e2e4e0', '#555753'],
};
const TASK_COLOURS: readonly [string, string] = ['#ffffff', '#2e3436'];
const PIN_COLOURS: readonly [string, string] = ['#eeeeec', '#555753'];

function coloursOf(n: GraphNode): readonly [string, string] {
  if (n.kind === 'task') return TASK_COLOURS;
  if (n.kind === 'pin') return PIN_COLOURS;
  return TYPE_COLOURS[n.type ?? ''] ?? PIN_COLOURS;
}

/** Colour and dash pattern of each edge kind. */
const EDGE_STYLES: Readonly<Record<GraphEdge['kind'], { readonly colour: string; readonly dash: string; readonly width: number }>> = {
  holds: { colour: '#888a85', dash: '', width: 1 },
  fd: { colour: '#888a85', dash: '4 2', width: 1 },
  owner: { colour: '#3465a4', dash: '6 3', width: 1 },
  parent: { colour: '#2e3436', dash: '', width: 2 },
  mount: { colour: '#4e9a06', dash: '2 3', width: 1.5 },
  pin: { colour: '#4e9a06', dash: '2 3', width: 1.5 },
  veth: { colour: '#cc0000', dash: '', width: 2 },
};

// ------------------------------------------------------------------ DOT

/** A DOT string literal. */
function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The graph in Graphviz's DOT language (`dot -Tsvg`). */
export function toDot(g: Graph): string {
  const out = [
    'digraph nsproxy {',
    '  graph [rankdir=LR, fontname="monospace"];',
    '  node [fontname="monospace", fontsize=10, style=filled];',
    '  edge [fontname="monospace", fontsize=9];',
  ];
  for (const n of g.nodes) {
    const [fill, stroke] = coloursOf(n);
    const shape = n.kind === 'task' ? 'box' : n.kind === 'pin' ? 'note' : 'box, style="filled,rounded"';
    const label = [n.label, ...n.details].map((l) => dotString(l).slice(1, -1)).join('\\n');
    out.push(`  ${n.id} [shape=${shape}, fillcolor="${fill}", color="${stroke}", label="${label}"];`);
  }
  const tasks = g.nodes.filter((n) => n.kind === 'task' || n.kind === 'pin').map((n) => n.id);
  if (tasks.length > 0) out.push(`  { rank=same; ${tasks.join('; ')}; }`);
  for (const e of g.edges) {
    const s = EDGE_STYLES[e.kind];
    const attrs = [`color="${s.colour}"`];
    if (s.dash !== '') attrs.push(e.kind === 'mount' || e.kind === 'pin' ? 'style=dotted' : 'style=dashed');
    if (s.width !== 1) attrs.push(`penwidth=${s.width}`);
    if (e.kind === 'veth') attrs.push('dir=none');
    if (e.kind === 'veth') attrs.push('constraint=false');
    if (e.label !== '') attrs.push(`label=${dotString(e.label)}`);
    out.push(`  ${e.from} -> ${e.to} [${attrs.join(', ')}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

// ------------------------------------------------------------------ Mermaid

/** Text for a quoted Mermaid label (entity codes for what would end or break it). */
function mermaidText(s: string): string {
  return s.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\|/g, '#124;');
}

/** The graph as a Mermaid flowchart. */
export function toMermaid(g: Graph): string {
  const out = ['flowchart LR'];
  for (const n of g.nodes) {
    const text = [n.label, ...n.details].map(mermaidText).join('<br/>');
    out.push(n.kind === 'ns' ? `  ${n.id}(["${text}"])` : n.kind === 'pin' ? `  ${n.id}[/"${text}"/]` : `  ${n.id}["${text}"]`);
  }
  g.edges.forEach((e, i) => {
    const arrow = e.kind === 'veth' ? '<-->' : e.kind === 'parent' ? '==>' : e.kind === 'holds' ? '-->' : '-.->';
    out.push(`  ${e.from} ${arrow}${e.label === '' ? '' : `|"${mermaidText(e.label)}"|`} ${e.to}`);
    const s = EDGE_STYLES[e.kind];
    out.push(`  linkStyle ${i} stroke:${s.colour},stroke-width:${s.width}px${s.dash === '' ? '' : `,stroke-dasharray:${s.dash}`}`);
  });
  const classes = new Map<string, string[]>();
  for (const n of g.nodes) {
    const cls = n.kind === 'ns' ? (n.type ?? 'ns') : n.kind;
    classes.set(cls, [...(classes.get(cls) ?? []), n.id]);
  }
  for (const [cls, ids] of [...classes].sort((a, b) => a[0].localeCompare(b[0]))) {
    const sample = g.nodes.find((n) => n.id === ids[0]);
    const [fill, stroke] = sample ? coloursOf(sample) : PIN_COLOURS;
    out.push(`  classDef ${cls}Style fill:${fill},stroke:${stroke}`, `  class ${ids.join(',')} ${cls}Style`);
  }
  return `${out.join('\n')}\n`;
}

// ------------------------------------------------------------------ SVG

/** XML text or attribute value. */
function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const CHAR_W = 7.2;
const LINE_H = 15;
const PAD_X = 8;
const PAD_Y = 6;
const COL_GAP = 110;
const ROW_GAP = 14;
const MARGIN = 20;

interface Placed {
  readonly node: GraphNode;
  readonly col: number;
  readonly w: number;
  readonly h: number;
  x: number;
  y: number;
}

/** The layer of a node: tasks and pins, then the nsproxy's types, then pid namespaces, then user namespaces from the deepest to the initial one. */
function layerOf(n: GraphNode, userLevel: ReadonlyMap<string, number>, maxUserLevel: number): number {
  if (n.kind !== 'ns') return 0;
  if (n.type === 'pid') return 2;
  if (n.type === 'user') return 3 + maxUserLevel - (userLevel.get(n.id) ?? 0);
  return 1;
}

/** The nesting level of each user namespace node, from the `parent` edges. */
function userLevels(g: Graph): Map<string, number> {
  const parent = new Map(g.edges.filter((e) => e.kind === 'parent').map((e) => [e.from, e.to]));
  const levels = new Map<string, number>();
  for (const n of g.nodes) {
    if (n.type !== 'user') continue;
    let level = 0;
    for (let p = parent.get(n.id); p !== undefined && level < 64; p = parent.get(p)) level++;
    levels.set(n.id, level);
  }
  return levels;
}

/** Positions: layers as columns; within a column, nodes in barycentre order of their neighbours in earlier columns. */
function layout(g: Graph): { placed: Map<string, Placed>; width: number; height: number } {
  const levels = userLevels(g);
  const maxLevel = Math.max(0, ...levels.values());
  const columns: Placed[][] = [];
  for (const node of g.nodes) {
    const lines = [node.label, ...node.details];
    const p: Placed = { node, col: layerOf(node, levels, maxLevel), w: Math.ceil(Math.max(...lines.map((l) => l.length)) * CHAR_W + 2 * PAD_X), h: lines.length * LINE_H + 2 * PAD_Y, x: 0, y: 0 };
    (columns[p.col] ??= []).push(p);
  }
  const dense = columns.filter((c) => c.length > 0);
  const neighbours = new Map<string, string[]>();
  for (const e of g.edges) {
    neighbours.set(e.from, [...(neighbours.get(e.from) ?? []), e.to]);
    neighbours.set(e.to, [...(neighbours.get(e.to) ?? []), e.from]);
  }
  const rank = new Map<string, number>();
  dense.forEach((col, ci) => {
    if (ci > 0) {
      const key = new Map(col.map((p, i) => {
        const ranks = (neighbours.get(p.node.id) ?? []).map((id) => rank.get(id)).filter((r): r is number => r !== undefined);
        return [p, ranks.length > 0 ? ranks.reduce((a, b) => a + b, 0) / ranks.length : Number.MAX_SAFE_INTEGER + i] as const;
      }));
      col.sort((a, b) => (key.get(a) ?? 0) - (key.get(b) ?? 0));
    }
    col.forEach((p, i) => rank.set(p.node.id, i / Math.max(1, col.length - 1)));
  });
  const heights = dense.map((col) => col.reduce((s, p) => s + p.h, 0) + ROW_GAP * (col.length - 1));
  const height = Math.max(0, ...heights) + 2 * MARGIN;
  let x = MARGIN;
  const placed = new Map<string, Placed>();
  dense.forEach((col, ci) => {
    const w = Math.max(...col.map((p) => p.w));
    let y = MARGIN + ((height - 2 * MARGIN) - (heights[ci] ?? 0)) / 2;
    for (const p of col) {
      p.x = x + (w - p.w) / 2;
      p.y = y;
      y += p.h + ROW_GAP;
      placed.set(p.node.id, p);
    }
    x += w + COL_GAP;
  });
  return { placed, width: Math.max(x - COL_GAP + MARGIN, 2 * MARGIN), height };
}

const num = (v: number): string => String(Math.round(v * 10) / 10);

/** The parameter at which a curve whose x moves one way from t = 0 to t = 1 reaches `x` (bisection). */
function tAtX(curve: (t: number) => [number, number], x: number): number {
  const [x0] = curve(0);
  const [x1] = curve(1);
  const up = x1 >= x0;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 30; i++) {
    const t = (lo + hi) / 2;
    if (curve(t)[0] < x === up) lo = t;
    else hi = t;
  }
  return (lo + hi) / 2;
}

/** The point at `t` of a cubic Bézier curve. */
function bezier(p0: readonly [number, number], p1: readonly [number, number], p2: readonly [number, number], p3: readonly [number, number], t: number): [number, number] {
  const u = 1 - t;
  const at = (k: 0 | 1): number => u * u * u * p0[k] + 3 * u * u * t * p1[k] + 3 * u * t * t * p2[k] + t * t * t * p3[k];
  return [at(0), at(1)];
}

/** The graph as an SVG image (laid out here; no dependency). */
export function toSvg(g: Graph): string {
  const { placed, width, height } = layout(g);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" font-family="monospace" font-size="12">`,
    '<title>nsproxy namespace graph</title>',
    '<defs>',
    ...Object.entries(EDGE_STYLES).map(([kind, s]) => `<marker id="arrow-${kind}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${s.colour}"/></marker>`),
    '</defs>',
    `<rect x="0" y="0" width="${num(width)}" height="${num(height)}" fill="#ffffff"/>`,
  ];
  const labels: string[] = [];
  // Edges between columns run from the side of one node to the facing side of the other; within a column, an arc to the right.
  const sameCol = new Map<number, number>();
  for (const e of g.edges) {
    const a = placed.get(e.from);
    const b = placed.get(e.to);
    if (!a || !b) continue;
    const s = EDGE_STYLES[e.kind];
    let d: string;
    let mid: readonly [number, number];
    const ay = a.y + a.h / 2;
    const by = b.y + b.h / 2;
    if (a.col === b.col) {
      const n = (sameCol.get(a.col) ?? 0) + 1;
      sameCol.set(a.col, n);
      const ax = a.x + a.w;
      const bx = b.x + b.w;
      const bulge = Math.max(ax, bx) + 30 + 12 * (n % 4);
      d = `M${num(ax)},${num(ay)} C${num(bulge)},${num(ay)} ${num(bulge)},${num(by)} ${num(bx)},${num(by)}`;
      mid = bezier([ax, ay], [bulge, ay], [bulge, by], [bx, by], 0.5);
    } else {
      const forward = a.col < b.col;
      const ax = forward ? a.x + a.w : a.x;
      const bx = forward ? b.x : b.x + b.w;
      const c = (bx - ax) / 2;
      d = `M${num(ax)},${num(ay)} C${num(ax + c)},${num(ay)} ${num(bx - c)},${num(by)} ${num(bx)},${num(by)}`;
      // A task's label in the gap after the tasks' column (the namespaces' columns are crowded), the others half-way.
      const curve = (t: number): [number, number] => bezier([ax, ay], [ax + c, ay], [bx - c, by], [bx, by], t);
      mid = e.kind === 'holds' || e.kind === 'fd' ? curve(tAtX(curve, ax + Math.sign(bx - ax) * COL_GAP / 2)) : curve(0.5);
    }
    const marker = e.kind === 'veth' ? '' : ` marker-end="url(#arrow-${e.kind})"`;
    out.push(`<path class="edge ${e.kind}" d="${d}" fill="none" stroke="${s.colour}" stroke-width="${s.width}"${s.dash === '' ? '' : ` stroke-dasharray="${s.dash}"`}${marker}><title>${xml(`${e.from} ${e.kind} ${e.to}${e.label === '' ? '' : `: ${e.label}`}`)}</title></path>`);
    if (e.label !== '' && e.kind !== 'owner' && e.kind !== 'parent') {
      labels.push(`<text x="${num(mid[0])}" y="${num(mid[1] - 3)}" text-anchor="middle" font-size="10" fill="${s.colour}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${xml(e.label)}</text>`);
    }
  }
  for (const p of placed.values()) {
    const [fill, stroke] = coloursOf(p.node);
    const rx = p.node.kind === 'ns' ? 10 : p.node.kind === 'pin' ? 0 : 3;
    out.push(`<g class="node ${p.node.kind}${p.node.type ? ` ${p.node.type}` : ''}" id="${p.node.id}">`);
    out.push(`<rect x="${num(p.x)}" y="${num(p.y)}" width="${num(p.w)}" height="${num(p.h)}" rx="${rx}" fill="${fill}" stroke="${stroke}"/>`);
    [p.node.label, ...p.node.details].forEach((line, i) => {
      out.push(`<text x="${num(p.x + p.w / 2)}" y="${num(p.y + PAD_Y + (i + 1) * LINE_H - 4)}" text-anchor="middle"${i === 0 ? ' font-weight="bold"' : ' font-size="11"'}>${xml(line)}</text>`);
    });
    out.push('</g>');
  }
  out.push(...labels, '</svg>');
  return `${out.join('\n')}\n`;
}
