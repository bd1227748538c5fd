/**
 * The machine's roads not taken (`MachineOptions.roads`) and the `roads`
 * builtin: none by default (Linux 6.18), the open ones by name, `-a` every
 * one the machine knows with its state; a road no type of the machine brings
 * is refused when the machine boots.
 */
import { describe, expect, it } from 'vitest';
import { SHELL_TYPES, createMachine, machineRoads, openRoads, runScript } from './index.ts';

describe('roads not taken on the machine', () => {
  it('none by default: the machine is Linux 6.18', async () => {
    expect(openRoads(createMachine().kernel)).toEqual([]);
    expect(await runScript('roads\n')).toEqual({ stdout: 'no road open: Linux 6.18\n', stderr: '', status: 0 });
  });

  it('MachineOptions.roads opens them; roads names them, roads -a marks them among all', async () => {
    const known = machineRoads(SHELL_TYPES).map((r) => r.name);
    expect(known).toEqual(expect.arrayContaining(['nsproxy-ids', 'setns-nstype-fd', 'socketat']));
    const r = await runScript('roads; echo ==; roads -a; roads x\n', { roads: ['socketat', 'nsproxy-ids'] });
    const [open = '', all = ''] = r.stdout.split('==\n');
    expect(open.split('\n').filter((l) => /^[a-z]/.test(l)).map((l) => l.split(' ')[0])).toEqual(['nsproxy-ids', 'socketat']);
    expect(open).toMatch(/^ +Linux: setns\(2\) into the namespace, socket\(2\), setns\(2\) back$/m);
    expect(all).toMatch(/^nsproxy-ids +open /m);
    expect(all).toMatch(/^setns-nstype-fd +- /m);
    expect(all.split('\n').filter((l) => /^[a-z]/.test(l))).toHaveLength(known.length);
    expect(r.stderr).toBe("roads: unexpected argument 'x'\n");
    expect(r.status).toBe(1);
  });

  it('refuses a road the machine does not know', () => {
    expect(() => createMachine({ roads: ['nope'] })).toThrow(/options\.roads\[0\]/);
  });

  it('the calls of road nsproxy-ids as builtins: bind a container\'s nsproxy, then switch the shell into it', async () => {
    const script = [
      'nsproxy_id',
      "unshare -u sh -c 'hostname box; bind_ns 5; sleep 100' &",
      'sleep 1',
      'bind_ns 5; echo $?',
      'bind_ns 5 uts',
      'hostname',
      'nsproxy_id',
      'bind_ns 5 uts; echo $?',
      'unshare_ns ipc; nsproxy_id',
      'bind_ns 5 nope; echo $?',
    ].join('\n');
    const r = await runScript(`${script}\n`, { roads: ['nsproxy-ids'] });
    expect(r.stdout).toBe('0\n1\nbox\n5\n1\n-1\n2\n');
    expect(r.stderr).toBe("bind_ns: Permission denied\nbind_ns: Operation not permitted\nbind_ns: unknown namespace type 'nope'\n");
  });

  it('without the road, the builtins fail as the system calls would: ENOSYS', async () => {
    const r = await runScript('bind_ns 1; unshare_ns uts; nsproxy_id; echo $?\n');
    expect(r.stderr).toBe('bind_ns: Function not implemented\nunshare_ns: Function not implemented\nnsproxy_id: Function not implemented\n');
    expect(r.stdout).toBe('1\n');
  });
});
