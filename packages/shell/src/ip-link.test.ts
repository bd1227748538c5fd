/**
 * `ip link` over the model's links: operstate and flags (NO-CARRIER, M-DOWN,
 * LOWERLAYERDOWN, UP) as linkwatch leaves them, -br and -j, the qdisc that
 * stays once attached, the add forms (veth%d names, a peer made in another
 * namespace), rename and MTU, and iproute2's errors. Expected lines are the
 * real iproute2 6.1's on Linux 6.18.
 */
import { describe, expect, it } from 'vitest';
import { runScript } from './index.ts';

const sh = (script: string): Promise<{ stdout: string; stderr: string; status: number }> => runScript(`unshare -m -n sh -c 'mount -t tmpfs t /run; ${script.replace(/'/g, "'\\''")}'`);

describe('ip link', () => {
  it('-br: operstate and flags of a veth pair as its ends come up and go down', async () => {
    const r = await sh('ip link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02\nip -br link\nip link set v0 up\nip -br link show v0\nip link set v1 up\nip -br link\nip link set v1 down\nip -j link show v0');
    expect(r.stdout).toBe([
      'lo               DOWN           00:00:00:00:00:00 <LOOPBACK> ',
      'v1@v0            DOWN           02:00:00:00:00:02 <BROADCAST,MULTICAST,M-DOWN> ',
      'v0@v1            DOWN           02:00:00:00:00:01 <BROADCAST,MULTICAST,M-DOWN> ',
      'v0@v1            LOWERLAYERDOWN 02:00:00:00:00:01 <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> ',
      'lo               DOWN           00:00:00:00:00:00 <LOOPBACK> ',
      'v1@v0            UP             02:00:00:00:00:02 <BROADCAST,MULTICAST,UP,LOWER_UP> ',
      'v0@v1            UP             02:00:00:00:00:01 <BROADCAST,MULTICAST,UP,LOWER_UP> ',
      '[{"ifindex":3,"link":"v1","ifname":"v0","flags":["NO-CARRIER","BROADCAST","MULTICAST","UP","M-DOWN"],"mtu":1500,"qdisc":"noqueue","operstate":"LOWERLAYERDOWN","linkmode":"DEFAULT","group":"default","txqlen":1000,"link_type":"ether","address":"02:00:00:00:00:01","broadcast":"ff:ff:ff:ff:ff:ff"}]',
      '',
    ].join('\n'));
  });

  it('renames an up link, checks the MTU against the device\'s range, keeps the qdisc once attached', async () => {
    const r = await sh('ip link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02\nip link set v0 up\nip link set v1 up\nip link set v1 down\nip link set v0 name x0\nip link set x0 mtu 70000; echo $?\nip link set x0 mtu 9000\nip link show v1\nip link show x0');
    expect(r.stdout).toBe([
      '2',
      '2: v1@x0: <BROADCAST,MULTICAST> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000',
      '    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff',
      '3: x0@v1: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 9000 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000',
      '    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff', '',
    ].join('\n'));
    expect(r.stderr).toBe('Error: mtu greater than device maximum.\n');
  });

  it('names veths veth%d (the peer first), takes `peer NAME`, and makes the peer in another namespace', async () => {
    const r = await sh('ip link add type veth\nip link add name w0 type veth peer w1\nip netns add n\nip link add p0 type veth peer name p1 netns n\nip -br link | cut -c1-32\nip -n n -br link | cut -c1-32\nip link del p0\nip -n n -br link | cut -c1-32');
    expect(r.stdout).toBe([
      'lo               DOWN           ', 'veth0@veth1      DOWN           ', 'veth1@veth0      DOWN           ',
      'w1@w0            DOWN           ', 'w0@w1            DOWN           ', 'p0@if2           DOWN           ',
      'lo               DOWN           ', 'p1@if6           DOWN           ',
      'lo               DOWN           ', '',
    ].join('\n'));
  });

  it('errors: a word that is a prefix of `address`, a missing device, no device named, lo', async () => {
    const r = await sh('ip link add a type veth; echo $?\nip link set dev nosuch up; echo $?\nip link set up; echo $?\nip link del lo; echo $?\nip link show nosuch; echo $?');
    expect(r.stdout).toBe('1\n1\n255\n2\n1\n');
    expect(r.stderr).toBe('"type" is invalid lladdr.\nCannot find device "nosuch"\nNot enough information: "dev" argument is required.\nRTNETLINK answers: Operation not supported\nDevice "nosuch" does not exist.\n');
  });

  it('-6 lists links as IPv6 fills them: no qdisc, group or link netnsid', async () => {
    const r = await sh('ip link set lo up\nip -6 addr');
    expect(r.stdout).toBe('1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 state UNKNOWN qlen 1000\n    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n');
  });
});
