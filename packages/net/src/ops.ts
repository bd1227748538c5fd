/**
 * The specs of the network ops: the format's Network section and nsproxy's
 * extensions of it (docs/scenario-format.md, "Network"). Model-free, so that
 * a backend can read them without the simulated kernel.
 */
import { opSpec } from '@nsproxy/scenario';
import type { ArgKind, OpSpec } from '@nsproxy/scenario';

/** A link name: 1 to 15 bytes, no `/`, blank or `:` (dev_valid_name). */
const IFNAME: ArgKind = {
  describe: 'a link name (1 to 15 characters, no / : or blank)',
  validate: (value) => (/^[^/:\s]{1,15}$/.test(value) && value !== '.' && value !== '..' ? undefined : { message: `expected a link name of 1 to 15 characters without / : or blanks, found '${value}'` }),
  samples: ['lo', 'v0', 'v1'],
};

/** An IPv4 or IPv6 address, optionally with a prefix length (`10.0.0.1/24`, `fd00::1/64`). */
const ADDRESS: ArgKind = {
  describe: 'an IPv4 or IPv6 address, with /prefix where it takes one',
  validate: (value) => (/^[0-9a-fA-F.:]+(\/[0-9]{1,3})?$/.test(value) && /[.:]/.test(value) ? undefined : { message: `expected an address such as 10.0.0.1/24 or fd00::1/64, found '${value}'` }),
  samples: ['10.0.0.1/24', '10.0.0.2/24', 'fd00::1/64'],
};

/** An IPv4 or IPv6 address without a prefix (a socket's or a gateway's). */
const HOST: ArgKind = {
  describe: 'an IPv4 or IPv6 address',
  validate: (value) => (/^[0-9a-fA-F.:]+$/.test(value) && /[.:]/.test(value) ? undefined : { message: `expected an address such as 10.0.0.1 or fd00::1, found '${value}'` }),
  samples: ['10.0.0.1', '10.0.0.2', '127.0.0.1'],
};

const PROTO: ArgKind = { oneOf: ['tcp', 'udp'] };

/** A route's destination: `default` or an address with its prefix length (`10.1.0.0/16`). */
const DEST: ArgKind = {
  describe: 'default, or an address with /prefix',
  validate: (value) => (value === 'default' || /^[0-9a-fA-F.:]+\/[0-9]{1,3}$/.test(value) ? undefined : { message: `expected default or a prefix such as 10.1.0.0/16, found '${value}'` }),
  samples: ['default', '10.1.0.0/16', '10.0.0.0/24'],
};

/** The specs of the net area's ops. */
export const NET_OPS: readonly OpSpec[] = [
  // Network (the format)
  opSpec('net', 'links', 0, []),
  opSpec('net', 'veth <name> <peer>', 2, [IFNAME, IFNAME]),
  opSpec('net', 'link-netns <dev> <task>', 2, [IFNAME, 'task']),
  opSpec('net', 'link-up <dev>', 1, [IFNAME]),
  opSpec('net', 'link-down <dev>', 1, [IFNAME]),
  opSpec('net', 'link-state <dev>', 1, [IFNAME]),
  opSpec('net', 'bind tcp|udp <port> <sock> [<addr>]', 3, [PROTO, 'port', 'name', HOST]),
  opSpec('net', 'close-sock <sock>', 1, ['name']),
  // nsproxy's extensions
  opSpec('net', 'link-del <dev>', 1, [IFNAME]),
  opSpec('net', 'link-netns-pid <dev> <task>', 2, [IFNAME, 'task']),
  opSpec('net', 'link-carrier <dev>', 1, [IFNAME]),
  opSpec('net', 'ifindex <dev>', 1, [IFNAME]),
  opSpec('net', 'addr-add <dev> <addr/prefix>', 2, [IFNAME, ADDRESS]),
  opSpec('net', 'addrs <dev>', 1, [IFNAME]),
  opSpec('net', 'route-add <dest> <gateway>', 2, [DEST, HOST]),
  opSpec('net', 'routes', 0, []),
  opSpec('net', 'addr-del <dev> <addr/prefix>', 2, [IFNAME, ADDRESS]),
  opSpec('net', 'route-add-dev <dest> <dev>', 2, [DEST, IFNAME]),
  opSpec('net', 'route-del <dest>', 1, [DEST]),
  opSpec('net', 'route-change <dest> <dev>', 2, [DEST, IFNAME]),
  opSpec('net', 'route-get <addr>', 1, [HOST]),
  opSpec('net', 'routes-local', 0, []),
  opSpec('net', 'link-operstate <dev>', 1, [IFNAME]),
  opSpec('net', 'link-mtu <dev> <mtu>', 2, [IFNAME, 'int']),
  opSpec('net', 'nsid-set <task> <nsid>', 2, ['task', 'int']),
  opSpec('net', 'nsid <task>', 1, ['task']),
  opSpec('net', 'nsids', 0, []),
  opSpec('net', 'listen <sock>', 1, ['name']),
  opSpec('net', 'connect tcp|udp <addr> <port> <sock>', 4, [PROTO, HOST, 'port', 'name']),
  opSpec('net', 'accept <sock> <newsock>', 2, ['name', 'name']),
  opSpec('net', 'send <sock> <text>', 2, ['name', 'word']),
  opSpec('net', 'recv <sock>', 1, ['name']),
  opSpec('net', 'sockns <sock>', 1, ['name']),
  // Road socketat (docs/roads/socketat.md): socketat(nsfd, family, type, protocol), only on a kernel that opened the road (ENOSYS elsewhere).
  opSpec('roads', 'socketat <fd> tcp|udp <sock>', 3, ['name', PROTO, 'name']),
];
