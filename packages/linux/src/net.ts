/**
 * The network ops on the real kernel (`@nsproxy/net`'s specs): the driver
 * side. The agent makes the calls in the acting task, in its net namespace of
 * the moment: rtnetlink requests over a NETLINK_ROUTE socket it opens for the
 * request (links, addresses, routes), and the socket calls of the scenario's
 * sockets, which it keeps as fds under their names (copied into children,
 * closed at exit, like the fds of `open`). What a result means (`UP`, `yes`,
 * a list) is worked out here.
 *
 * Teardown: a net namespace whose last reference goes is dismantled by a
 * kernel worker (cleanup_net), after the step; its veths die then, and with
 * them their other ends in namespaces that live on. {@link mayEndNetNamespace}
 * names the steps after which the session waits for that (session.ts,
 * `settleNet`).
 */
import type { StepResult } from '@nsproxy/scenario/contract';
import { StepError, arg, need } from './step-error.ts';

/** The ops of the net area (`@nsproxy/net`'s NET_OPS) that this backend implements: all of them. */
export const NET_OP_NAMES: readonly string[] = [
  'links',
  'veth',
  'link-netns',
  'link-netns-pid',
  'link-up',
  'link-down',
  'link-state',
  'link-carrier',
  'ifindex',
  'link-del',
  'addr-add',
  'addrs',
  'route-add',
  'routes',
  'addr-del',
  'route-add-dev',
  'route-del',
  'route-change',
  'route-get',
  'routes-local',
  'link-operstate',
  'link-mtu',
  'nsid-set',
  'nsid',
  'nsids',
  'bind',
  'close-sock',
  'listen',
  'connect',
  'accept',
  'send',
  'recv',
  'sockns',
];

/** RFC 2863 operational states by IFLA_OPERSTATE value (include/uapi/linux/if.h). */
const OPER_STATES = ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING', 'DORMANT', 'UP'];

/** Route types by rtm_type, as the ops name them. */
const ROUTE_TYPES: Readonly<Record<string, string>> = { 1: 'unicast', 2: 'local', 3: 'broadcast' };

/** Link flags (include/uapi/linux/if.h). */
export const IFF = { UP: 0x1, LOWER_UP: 0x10000 } as const;

/**
 * Whether a step may drop the last reference to a net namespace: a task
 * leaves one (exit, kill, setns, unshare), a kept fd or socket is closed
 * (`close`, `close-sock`, or a kept name taken over by a new fd), or a pin is
 * unmounted. Failed steps too (cheap, and safe).
 */
export function mayEndNetNamespace(op: string): boolean {
  return ENDING_OPS.has(op);
}

const ENDING_OPS: ReadonlySet<string> = new Set([
  'exit',
  'kill',
  'pidfd-send',
  'close',
  'close-sock',
  'umount',
  'umount-lazy',
  'setns',
  'setns-fd',
  'setns-pidfd',
  'setns-path',
  'unshare',
  // A kept name that is taken again closes the fd it held.
  'open',
  'ioctl',
  'bind',
  'connect',
  'accept',
]);

/** Whether a step's success put the two ends of a veth pair in different namespaces (moving a link is the only way). */
export function movesLink(op: string, result: StepResult): boolean {
  return (op === 'link-netns' || op === 'link-netns-pid') && result.kind === 'ok';
}

/**
 * Whether a step's success gave a net namespace an id for another
 * (`nsid-set`; the ids the kernel allocates by itself come with a link
 * move): the death of that other namespace takes the id away, in
 * cleanup_net, after the step that dropped its last reference.
 */
export function givesNetnsId(op: string, result: StepResult): boolean {
  return op === 'nsid-set' && result.kind === 'ok';
}

/** What a net op needs of the session, for one step. */
export interface NetContext {
  /** A request to the actor's agent; its answer as a step result (throws for a runner error). */
  ask(op: string, args: readonly (string | number)[]): Promise<StepResult>;
  /** A target task's ns file as the actor opens it, or the result when the target is gone (ENOENT). */
  nsFile(task: string, file: string): { readonly path: string } | { readonly result: StepResult };
  /** A target task's pid in the actor's pid namespace, 0 when the actor cannot see it (or it is gone). */
  visiblePid(task: string): Promise<number>;
}

const list = (items: readonly string[]): StepResult => ({ kind: 'list', items });
const text = (value: string): StepResult => ({ kind: 'text', value });
const int = (value: number): StepResult => ({ kind: 'int', value });

/** The lines of an agent's text answer (none for an empty text). */
function lines(value: string): string[] {
  return value.split('\n').filter((line) => line !== '');
}

/** An address argument without a prefix (`bind`, `connect`, `route-add`). */
function plainAddress(args: readonly string[], index: number, op: string): string {
  const value = arg(args, index);
  if (!/^[0-9a-fA-F.:]+$/.test(value) || !/[.:]/.test(value)) throw new StepError(`${op}: expected an address such as 10.0.0.1 or fd00::1, found '${value}'`);
  return value;
}

/** A route's destination: `default` (of the family `family`) or `<addr>/<len>`, as the agent takes it: address and prefix length. */
function destination(value: string, op: string, family: 4 | 6 = 4): [string, number] {
  if (value === 'default') return [family === 4 ? '0.0.0.0' : '::', 0];
  const m = /^([0-9a-fA-F.:]+)\/([0-9]{1,3})$/.exec(value);
  if (!m || !/[.:]/.test(m[1] ?? '')) throw new StepError(`${op}: expected default or a prefix such as 10.1.0.0/16, found '${value}'`);
  return [m[1] ?? '', Number(m[2])];
}

/** `tcp` or `udp`. */
function proto(args: readonly string[], index: number, op: string): string {
  const value = arg(args, index);
  if (value !== 'tcp' && value !== 'udp') throw new StepError(`${op}: expected tcp or udp, not '${value}'`);
  return value;
}

/** A port, 0 to 65535. */
function port(args: readonly string[], index: number, op: string): number {
  const value = arg(args, index);
  if (!/^[0-9]+$/.test(value) || Number(value) > 65535) throw new StepError(`${op}: expected a port 0..65535, not '${value}'`);
  return Number(value);
}

/** `<addr>/<prefix>` (or a bare address: the whole address, /32 or /128) as the agent takes it: address and prefix (-1: whole). */
function addressWithPrefix(value: string): [string, number] {
  const m = /^([0-9a-fA-F.:]+)(?:\/([0-9]{1,3}))?$/.exec(value);
  if (!m || !/[.:]/.test(m[1] ?? '')) throw new StepError(`addr-add: expected an address such as 10.0.0.1/24 or fd00::1/64, found '${value}'`);
  return [m[1] ?? '', m[2] === undefined ? -1 : Number(m[2])];
}

/** `<ifindex> <flags>` of the agent's `link` answer. */
function parseLink(value: string): { ifindex: number; flags: number } {
  const m = /^(-?\d+) (\d+)$/.exec(value.trim());
  if (!m) throw new Error(`bad link answer: '${value}'`);
  return { ifindex: Number(m[1]), flags: Number(m[2]) };
}

/**
 * Runs one net op in the actor; undefined when `op` is not one of them.
 * Malformed steps throw a StepError.
 */
export async function runNetOp(op: string, args: readonly string[], ctx: NetContext): Promise<StepResult | undefined> {
  switch (op) {
    case 'links': {
      need(args, 0, 0, 'links');
      const answer = await ctx.ask('links', []);
      return answer.kind === 'text' ? list(lines(answer.value)) : answer;
    }
    case 'veth':
      need(args, 2, 2, 'veth <name> <peer>');
      return ctx.ask('veth', [arg(args, 0), arg(args, 1)]);
    case 'link-netns': {
      need(args, 2, 2, 'link-netns <dev> <task>');
      // The task's ns file is opened first: ENOENT for a task that is gone, before any device lookup.
      const at = ctx.nsFile(arg(args, 1), 'net');
      return 'result' in at ? at.result : ctx.ask('link-netns', [arg(args, 0), at.path]);
    }
    case 'link-netns-pid': {
      need(args, 2, 2, 'link-netns-pid <dev> <task>');
      // A task the actor cannot see has no pid there: 0, which names no task
      // to the kernel either (ESRCH, after the permission check).
      const pid = await ctx.visiblePid(arg(args, 1));
      return ctx.ask('link-netns-pid', [arg(args, 0), pid]);
    }
    case 'link-up':
    case 'link-down':
      need(args, 1, 1, `${op} <dev>`);
      return ctx.ask('link-set', [arg(args, 0), op === 'link-up' ? 1 : 0]);
    case 'link-state':
    case 'link-carrier':
    case 'ifindex': {
      need(args, 1, 1, `${op} <dev>`);
      const answer = await ctx.ask('link', [arg(args, 0)]);
      if (answer.kind !== 'text') return answer;
      const { ifindex, flags } = parseLink(answer.value);
      if (op === 'ifindex') return int(ifindex);
      if (op === 'link-state') return text((flags & IFF.UP) !== 0 ? 'UP' : 'DOWN');
      return text((flags & IFF.LOWER_UP) !== 0 ? 'yes' : 'no');
    }
    case 'link-del':
      need(args, 1, 1, 'link-del <dev>');
      return ctx.ask('link-del', [arg(args, 0)]);
    case 'addr-add': {
      need(args, 2, 2, 'addr-add <dev> <addr/prefix>');
      const [address, prefix] = addressWithPrefix(arg(args, 1));
      return ctx.ask('addr-add', [arg(args, 0), address, prefix]);
    }
    case 'addrs': {
      need(args, 1, 1, 'addrs <dev>');
      const answer = await ctx.ask('addrs', [arg(args, 0)]);
      return answer.kind === 'text' ? list(lines(answer.value)) : answer;
    }
    case 'route-add': {
      need(args, 2, 2, 'route-add <dest> <gateway>');
      const gw = plainAddress(args, 1, op);
      if (arg(args, 0) === 'default') return ctx.ask('route-add-default', [gw]);
      const [dst, len] = destination(arg(args, 0), op);
      return ctx.ask('route-add-via', [dst, len, gw]);
    }
    case 'route-add-dev': {
      need(args, 2, 2, 'route-add-dev <dest> <dev>');
      const [dst, len] = destination(arg(args, 0), op);
      return ctx.ask('route-add-dev', [dst, len, arg(args, 1)]);
    }
    case 'route-change': {
      need(args, 2, 2, 'route-change <dest> <dev>');
      const [dst, len] = destination(arg(args, 0), op);
      return ctx.ask('route-change-dev', [dst, len, arg(args, 1)]);
    }
    case 'route-del': {
      need(args, 1, 1, 'route-del <dest>');
      const [dst, len] = destination(arg(args, 0), op);
      return ctx.ask('route-del', [dst, len]);
    }
    case 'route-get': {
      need(args, 1, 1, 'route-get <addr>');
      const answer = await ctx.ask('route-get', [plainAddress(args, 0, op)]);
      if (answer.kind !== 'text') return answer;
      const [type = '', dev = '?', gw = '-', src = '-'] = answer.value.trim().split(' ');
      return text(`${ROUTE_TYPES[type] ?? `type${type}`} dev ${dev}${gw === '-' ? '' : ` via ${gw}`}${src === '-' ? '' : ` src ${src}`}`);
    }
    case 'routes-local': {
      need(args, 0, 0, 'routes-local');
      const answer = await ctx.ask('routes-local', []);
      if (answer.kind !== 'text') return answer;
      return list(lines(answer.value).map((line) => {
        const [type = '', dst = '', dev = '?'] = line.split(' ');
        return `${ROUTE_TYPES[type] ?? `type${type}`} ${dst.endsWith('/32') ? dst.slice(0, -3) : dst} dev ${dev}`;
      }));
    }
    case 'addr-del': {
      need(args, 2, 2, 'addr-del <dev> <addr/prefix>');
      const [address, prefix] = addressWithPrefix(arg(args, 1));
      return ctx.ask('addr-del', [arg(args, 0), address, prefix]);
    }
    case 'link-operstate': {
      need(args, 1, 1, 'link-operstate <dev>');
      const answer = await ctx.ask('link-oper', [arg(args, 0)]);
      return answer.kind === 'int' ? text(OPER_STATES[answer.value] ?? `state ${answer.value}`) : answer;
    }
    case 'link-mtu': {
      need(args, 2, 2, 'link-mtu <dev> <mtu>');
      const mtu = arg(args, 1);
      if (!/^-?[0-9]+$/.test(mtu)) throw new StepError(`link-mtu: expected an integer, not '${mtu}'`);
      return ctx.ask('link-mtu', [arg(args, 0), Number(mtu)]);
    }
    case 'nsid-set':
    case 'nsid': {
      need(args, op === 'nsid' ? 1 : 2, op === 'nsid' ? 1 : 2, op === 'nsid' ? 'nsid <task>' : 'nsid-set <task> <nsid>');
      // The task's ns file is opened first: ENOENT for a task that is gone.
      const at = ctx.nsFile(arg(args, 0), 'net');
      if ('result' in at) return at.result;
      if (op === 'nsid') return ctx.ask('nsid', [at.path]);
      const nsid = arg(args, 1);
      if (!/^-?[0-9]+$/.test(nsid)) throw new StepError(`nsid-set: expected an integer, not '${nsid}'`);
      return ctx.ask('nsid-set', [at.path, nsid]);
    }
    case 'nsids': {
      need(args, 0, 0, 'nsids');
      const answer = await ctx.ask('nsids', []);
      return answer.kind === 'text' ? list(lines(answer.value)) : answer;
    }
    case 'routes': {
      need(args, 0, 0, 'routes');
      const answer = await ctx.ask('routes', []);
      return answer.kind === 'text' ? list(lines(answer.value)) : answer;
    }
    case 'bind': {
      need(args, 3, 4, 'bind tcp|udp <port> <sock> [<addr>]');
      const address = args[3] === undefined ? '' : plainAddress(args, 3, op);
      return ctx.ask('sock-bind', [proto(args, 0, op), port(args, 1, op), arg(args, 2), address]);
    }
    case 'close-sock':
      need(args, 1, 1, 'close-sock <sock>');
      return ctx.ask('close', [arg(args, 0)]);
    case 'listen':
      need(args, 1, 1, 'listen <sock>');
      return ctx.ask('sock-listen', [arg(args, 0)]);
    case 'connect':
      need(args, 4, 4, 'connect tcp|udp <addr> <port> <sock>');
      return ctx.ask('sock-connect', [proto(args, 0, op), plainAddress(args, 1, op), port(args, 2, op), arg(args, 3)]);
    case 'accept':
      need(args, 2, 2, 'accept <sock> <newsock>');
      return ctx.ask('sock-accept', [arg(args, 0), arg(args, 1)]);
    case 'send':
      need(args, 2, 2, 'send <sock> <text>');
      return ctx.ask('sock-send', [arg(args, 0), arg(args, 1)]);
    case 'recv':
      need(args, 1, 1, 'recv <sock>');
      return ctx.ask('sock-recv', [arg(args, 0)]);
    case 'sockns':
      need(args, 1, 1, 'sockns <sock>');
      return ctx.ask('sockns', [arg(args, 0)]);
    default:
      return undefined;
  }
}
