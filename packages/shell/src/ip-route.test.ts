/**
 * `ip route` and `ip addr` over the model's routing tables: the kernel's
 * own routes of an address (local table: local and broadcast; main: the
 * prefix), user routes with their checks and iproute2's error lines, route
 * get as a cached route, deletion and its matching, address deletion with
 * secondaries. Expected lines are the real iproute2 6.1's (see the fixture
 * ip-addr-route.sh).
 */
import { describe, expect, it } from 'vitest';
import { runScript } from './index.ts';

const sh = (script: string): Promise<{ stdout: string; stderr: string; status: number }> => runScript(`unshare -n sh -c '${script.replace(/'/g, "'\\''")}'`);

describe('ip route', () => {
  it('lists the local table of an address and of lo, the kernel\'s routes, main before local with table all', async () => {
    const r = await sh('ip link add v0 type veth peer name v1\nip addr add 10.0.0.1/24 dev v0\nip route show table local\nip link set lo up\nip link set v0 up\nip route show table all');
    expect(r.stdout).toBe([
      'local 10.0.0.1 dev v0 proto kernel scope host src 10.0.0.1 ',
      '10.0.0.0/24 dev v0 proto kernel scope link src 10.0.0.1 linkdown ',
      'local 10.0.0.1 dev v0 table local proto kernel scope host src 10.0.0.1 ',
      'broadcast 10.0.0.255 dev v0 table local proto kernel scope link src 10.0.0.1 linkdown ',
      'local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 ',
      'local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 ',
      'broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 ',
      'local ::1 dev lo table local proto kernel metric 0 pref medium', '',
    ].join('\n'));
  });

  it('adds routes through a device and a gateway in key order; refuses what the kernel refuses, with its words', async () => {
    const r = await sh([
      'ip link add v0 type veth peer name v1', 'ip addr add 10.0.0.1/24 dev v0',
      'ip route add 10.1.0.0/24 dev v0', 'ip link set v0 up', 'ip link set v1 up',
      'ip route add 10.1.0.0/24 dev v0', 'ip route add 10.1.0.0/24 dev v0',
      'ip route add 10.2.0.0/16 via 10.0.0.2', 'ip route add 10.3.0.0/16 via 10.9.0.2',
      'ip route add 10.4.0.0/16 via 10.0.0.2 metric 100', 'ip route add 10.0.0.0/24 dev v0 metric 10',
      'ip route add default via 10.0.0.254', 'ip route add 10.7.0.5/24 dev v0', 'ip route add 10.13.0.0/16',
      'ip route',
    ].join('\n'));
    expect(r.stdout).toBe([
      'default via 10.0.0.254 dev v0 ',
      '10.0.0.0/24 dev v0 proto kernel scope link src 10.0.0.1 ',
      '10.0.0.0/24 dev v0 scope link metric 10 ',
      '10.1.0.0/24 dev v0 scope link ',
      '10.2.0.0/16 via 10.0.0.2 dev v0 ',
      '10.4.0.0/16 via 10.0.0.2 dev v0 metric 100 ', '',
    ].join('\n'));
    expect(r.stderr).toBe([
      'Error: Device for nexthop is not up.',
      'RTNETLINK answers: File exists',
      'Error: Nexthop has invalid gateway.',
      'Error: Invalid prefix for given prefix length.',
      'RTNETLINK answers: No such device', '',
    ].join('\n'));
  });

  it('deletes by match (ESRCH for none), replaces or creates, changes only what exists; get answers as a cached route', async () => {
    const r = await sh([
      'ip link add v0 type veth peer name v1', 'ip link set v0 up', 'ip link set v1 up', 'ip addr add 10.0.0.1/24 dev v0',
      'ip route add 10.2.0.0/16 via 10.0.0.2', 'ip route add default via 10.0.0.254',
      'ip route del 10.9.9.0/24; echo $?', 'ip route del 10.2.0.0/16 via 10.0.0.9; echo $?',
      'ip route replace 10.2.0.0/16 via 10.0.0.3', 'ip route replace 10.8.0.0/16 dev v0', 'ip route change 10.9.0.0/16 dev v0; echo $?',
      'ip route get 10.2.3.4', 'ip route get 10.0.0.1', 'ip route get 10.0.0.255', 'ip -j route get 10.2.3.4',
      'ip route del default', 'ip route get 8.8.8.8; echo $?', 'ip route show table 99; echo $?',
    ].join('\n'));
    expect(r.stdout).toBe([
      '2', '2', '2',
      '10.2.3.4 via 10.0.0.3 dev v0 src 10.0.0.1 uid 0 ', '    cache ',
      'local 10.0.0.1 dev lo src 10.0.0.1 uid 0 ', '    cache <local> ',
      'broadcast 10.0.0.255 dev v0 src 10.0.0.1 uid 0 ', '    cache <local,brd> ',
      '[{"dst":"10.2.3.4","gateway":"10.0.0.3","dev":"v0","prefsrc":"10.0.0.1","flags":[],"uid":0,"cache":[]}]',
      '2', '2', '',
    ].join('\n'));
    expect(r.stderr).toBe([
      'RTNETLINK answers: No such process', 'RTNETLINK answers: No such process', 'RTNETLINK answers: No such file or directory',
      'RTNETLINK answers: Network is unreachable', 'Error: ipv4: FIB table does not exist.', 'Dump terminated', '',
    ].join('\n'));
  });

  it('IPv6: prefix routes with metric 256, user routes 1024, the default last, linkdown without a carrier', async () => {
    const r = await sh('ip link add v0 type veth peer name v1\nip link set v0 up\nip addr add fd00::1/64 dev v0 nodad\nip -6 route add default via fd00::2\nip -6 route add fd05::/64 via fd00::3 metric 5\nip -6 route add fd07::/64 via fd09::1; echo $?\nip -6 route');
    expect(r.stdout).toBe([
      '2',
      'fd00::/64 dev v0 proto kernel metric 256 linkdown pref medium',
      'fd05::/64 via fd00::3 dev v0 metric 5 linkdown pref medium',
      'default via fd00::2 dev v0 metric 1024 linkdown pref medium', '',
    ].join('\n'));
    expect(r.stderr).toBe('RTNETLINK answers: No route to host\n');
  });
});

describe('ip addr', () => {
  it('orders primaries by scope, secondaries last; deleting a primary takes its secondaries; the last address takes the link\'s routes along', async () => {
    const r = await sh([
      'ip link add v0 type veth peer name v1', 'ip link set v0 up',
      'ip addr add 10.0.0.1/24 dev v0', 'ip addr add 10.0.0.2/24 dev v0', 'ip addr add 10.0.0.3/24 brd + dev v0',
      'ip addr add 10.2.0.1/24 dev v0 scope link', 'ip addr add 10.0.0.1/24 dev v0', 'ip -br -4 addr',
      'ip addr del 10.0.0.9/24 dev v0', 'ip addr del 10.0.0.1/24 dev v0', 'ip -br -4 addr show dev v0',
      'ip route add 10.5.0.0/16 dev v0', 'ip addr flush dev v0', 'ip route', 'ip addr flush; echo $?',
    ].join('\n'));
    expect(r.stdout).toBe('v0@v1            LOWERLAYERDOWN 10.2.0.1/24 10.0.0.1/24 10.0.0.2/24 10.0.0.3/24 \nv0@v1            LOWERLAYERDOWN 10.2.0.1/24 \n1\n');
    expect(r.stderr).toBe('Error: ipv4: Address already assigned.\nError: ipv4: Address not found.\nFlush requires arguments.\n');
  });

  it('IPv6: an address is tentative until the link has a carrier, then the link-local address comes, newest first', async () => {
    const r = await sh('ip link add v0 address 02:00:00:00:00:01 type veth peer name v1\nip link set v0 up\nip addr add fd00::1/64 dev v0\nip addr add fd01::1/64 dev v0 nodad\nip -6 -br addr\nip link set v1 up\nip -6 addr show dev v0');
    expect(r.stdout).toBe([
      'v0@v1            LOWERLAYERDOWN fd01::1/64 fd00::1/64 ',
      '3: v0@v1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
      '    inet6 fd01::1/64 scope global nodad ', '       valid_lft forever preferred_lft forever',
      '    inet6 fd00::1/64 scope global ', '       valid_lft forever preferred_lft forever',
      '    inet6 fe80::ff:fe00:1/64 scope link ', '       valid_lft forever preferred_lft forever', '',
    ].join('\n'));
  });
});
