/**
 * `ip netns` ids (ip/ipnetns.c over the model's RTM_NEWNSID/RTM_GETNSID):
 * set, list with `(id: N)`, list-id of the caller's namespace or of a
 * target, the ids the kernel gives by itself when a veth end moves, and
 * `link-netns NAME` / `link-netnsid N` in ip link. The outputs are the real
 * ip's, as the fixture man-ip-netns.sh captured them.
 */
import { describe, expect, it } from 'vitest';
import { runScript } from './index.ts';

const sh = (script: string): Promise<{ stdout: string; stderr: string; status: number }> => runScript(`unshare -m sh -c 'mount -t tmpfs t /run; ${script.replace(/'/g, "'\\''")}'`);

describe('ip netns set and list-id (ip-netns(8) EXAMPLES)', () => {
  it('gives ids per namespace and reads them back, with the names of /run/netns', async () => {
    const r = await sh([
      'ip netns add foo', 'ip netns add bar', 'ip netns set foo 12', 'ip netns set bar 13',
      'ip -n foo netns set foo 22', 'ip -n foo netns set bar 23', 'ip -n bar netns set foo 32', 'ip -n bar netns set bar 33',
      'ip netns list-id target-nsid 12', 'ip netns list-id target-nsid 12 nsid 13', 'ip netns list', 'ip -n bar netns list',
    ].join('\n'));
    expect(r.stdout).toBe([
      'nsid 22 current-nsid 12 (iproute2 netns name: foo)',
      'nsid 23 current-nsid 13 (iproute2 netns name: bar)',
      'nsid 23 current-nsid 13 (iproute2 netns name: bar)',
      'bar (id: 13)', 'foo (id: 12)',
      'bar (id: 33)', 'foo (id: 32)', '',
    ].join('\n'));
    expect(r.stderr).toBe('');
  });

  it('refuses a second id for a namespace and an id in use with the kernel\'s messages (exit 2); auto takes the lowest free id', async () => {
    const r = await sh('ip netns add a\nip netns add b\nip netns set a 0\nip netns set a 1; echo $?\nip netns set b 0; echo $?\nip netns set b auto\nip netns list-id\nip netns set c 1; echo $?\nip netns set b -1; echo $?');
    expect(r.stdout).toBe('2\n2\nnsid 0 (iproute2 netns name: a)\nnsid 1 (iproute2 netns name: b)\n1\n255\n');
    expect(r.stderr).toBe([
      'Error: Peer netns already has a nsid assigned.',
      'Error: The specified nsid is already used.',
      'Cannot open network namespace "c": No such file or directory',
      'Error: argument "-1" is wrong: "netnsid" value should be >= 0', '',
    ].join('\n'));
  });

  it('list-id of an unknown target or nsid fails as the kernel answers it', async () => {
    const r = await sh('ip netns add a\nip netns list-id target-nsid 5; echo $?\nip netns list-id nsid 5; echo $?');
    expect(r.stdout).toBe('1\n2\n');
    expect(r.stderr).toBe('Error: Invalid target network namespace id.\nDump terminated\nError: Peer netns reference is invalid.\n');
  });

  it('a move gives the old namespace an id for the new one, and the new one an id for the peer\'s; ip link names them', async () => {
    const r = await sh('ip netns add foo\nip link add v0 type veth peer name v1\nip link set v1 netns foo\nip netns list\nip -n foo netns list-id\nip link show v0\nip -n foo link show v1');
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(['foo (id: 0)', 'nsid 0 ']);
    expect(lines[3]).toMatch(/ link-netns foo$/);
    expect(lines[5]).toMatch(/ link-netnsid 0$/);
  });

  it('-j: netns list and list-id as arrays of objects', async () => {
    const r = await sh('ip netns add a\nip netns set a 3\nip -j netns list\nip -j netns list-id\nip -j -p netns list');
    expect(r.stdout).toBe('[{"name":"a","id":3}]\n[{"nsid":3,"name":"a"}]\n[ {\n        "name": "a",\n        "id": 3\n    } ]\n');
  });
});
