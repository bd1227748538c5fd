import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPS } from './catalog.ts';
import { KBENCH_SOURCE, parseKbenchOutput } from './kernel.ts';
import { NSS_DIR } from './model.ts';

describe('parseKbenchOutput', () => {
  it('reads the JSON line kbench prints', () => {
    expect(parseKbenchOutput('{"op":"unshare-uts","ns_per_op":2579.5,"iterations":200}\n')).toEqual({ op: 'unshare-uts', ns_per_op: 2579.5, iterations: 200 });
    expect(parseKbenchOutput('{"op":"mntns-copy-1000","ns_per_op":2149558.0,"iterations":200,"mounts":1020}\n').mounts).toBe(1020);
  });

  it('rejects anything else', () => {
    expect(() => parseKbenchOutput('')).toThrow();
    expect(() => parseKbenchOutput('{"op":"x"}')).toThrow("kbench printed '{\"op\":\"x\"}'");
    expect(() => parseKbenchOutput('[1,2]')).toThrow();
  });
});

describe('the op catalogue and kbench.c', () => {
  const source = readFileSync(KBENCH_SOURCE, 'utf8');
  const table = /static const char \*const ops\[\] = \{([^}]*)\};/.exec(source)?.[1] ?? '';
  const listed = [...table.matchAll(/"([a-z0-9-]+)"/g)].map((m) => m[1]);

  it('kbench knows every op of the table, in the same order', () => {
    expect(listed).toEqual(OPS.map((o) => o.op));
    for (const op of listed) expect(source).toContain(`if (!strcmp(op, "${op}"))`);
  });

  it('kbench makes the mount ops a private namespace first (rprivate before any mount), in the directory the model uses', () => {
    for (const op of ['unshare-mnt', 'mntns-copy-1000']) expect(source).toMatch(new RegExp(`mnt_extra[^}]*"${op}"`));
    const setup = /static int private_mnt_ns\(long extra\)\n\{([^]*?)\n\}/.exec(source)?.[1] ?? '';
    const lines = setup.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('if ('));
    expect(lines[0]).toContain('unshare(CLONE_NEWNS)');
    expect(lines[1]).toContain('mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL)');
    expect(source).toContain(`#define NSS_DIR "${NSS_DIR}"`);
  });

  it('kbench runs the net ops in net namespaces of its own, never in the host\'s', () => {
    expect(source).toContain('if (!strcmp(op, "unshare-net")) return loop_unshare(CLONE_NEWNET, n);');
    expect(source).toContain('if (!strcmp(op, "netns-create")) return per_child(n, op_unshare_net);');
    // veth-move: two new namespaces before the rtnetlink socket (a socket belongs to the namespace it is made in).
    const veth = /static int op_veth_move\(long n\)\n\{([^]*?)\n\}/.exec(source)?.[1] ?? '';
    const at = (call: string): number => veth.indexOf(call);
    expect(at('unshare(CLONE_NEWNET)')).toBeGreaterThanOrEqual(0);
    expect(at('open("/proc/self/ns/net"')).toBeGreaterThan(at('unshare(CLONE_NEWNET)'));
    expect(veth.indexOf('unshare(CLONE_NEWNET)', at('open("/proc/self/ns/net"'))).toBeGreaterThan(at('open("/proc/self/ns/net"'));
    expect(at('socket(AF_NETLINK')).toBeGreaterThan(veth.lastIndexOf('unshare(CLONE_NEWNET)'));
    expect(source).not.toMatch(/setns\([^)]*CLONE_NEWNET/);
  });

  it('every op has iteration counts, and a target only where the issue sets one', () => {
    for (const o of OPS) {
      expect(o.kernelIterations[0]).toBeGreaterThanOrEqual(o.kernelIterations[1]);
      expect(o.modelIterations[0]).toBeGreaterThanOrEqual(o.modelIterations[1]);
      expect(o.kernelIterations[1]).toBeGreaterThan(0);
    }
    // The mount copies' targets are per mount, and kbench reports the mounts of both.
    expect(OPS.filter((o) => o.unit !== undefined).map((o) => [o.op, o.unit])).toEqual([['unshare-mnt', 'mount'], ['mntns-copy-1000', 'mount']]);
    const targets = Object.fromEntries(OPS.filter((o) => o.target !== undefined).map((o) => [o.op, o.target]));
    expect(targets).toEqual({
      'unshare-mnt': 10, 'unshare-uts': 10, 'setns-uts': 10, 'clone-exit-wait': 50, 'clone-newpid-exit-wait': 50, 'mntns-copy-1000': 10,
      'unshare-net': 100, 'netns-create': 100, 'veth-move': 100, 'unshare-time': 10, 'unshare-cgroup': 10,
      'unshare-user': 50, 'unshare-ipc': 50, 'unshare-pid': 50, 'userns-map': 50, 'open-nsfile': 10,
    });
  });
});
