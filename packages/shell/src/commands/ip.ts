/**
 * iproute2 6.1's `ip` (ip/ip.c): the global options (-4, -6, -0, -f,
 * -j, -p, -br, -d, -s, -n NAME, -a, -V, ...), then an object matched by its
 * prefix as ip's table does: `link` (ip-link.ts), `address` (ip-addr.ts),
 * `route` (ip-route.ts), `netns` (ip-netns.ts). Errors are ip's
 * (`RTNETLINK answers: ...` or the kernel's `Error: ...`, exit 2; `Cannot
 * find device "x"`, exit 1). ping is in ping.ts.
 */
import type { CommandDef } from '../command.ts';
import { doIpaddr, listAddrs } from './ip-addr.ts';
import { IpExit, die, incomplete, invarg, matches } from './ip-common.ts';
import type { IpRun } from './ip-common.ts';
import { IpOutput } from './ip-json.ts';
import { doIplink } from './ip-link.ts';
import { doNetns, netnsSwitch } from './ip-netns.ts';
import { doIproute } from './ip-route.ts';
import { pingCommand } from './ping.ts';

/** ip.c's cmds, in its order (the first whose name the word begins wins); null for objects the model does not have. */
const OBJECTS: readonly [string, 'address' | 'link' | 'route' | 'netns' | 'help' | null][] = [
  ['address', 'address'], ['addrlabel', null], ['maddress', null], ['route', 'route'], ['rule', null], ['neighbor', null], ['neighbour', null],
  ['ntable', null], ['ntbl', null], ['link', 'link'], ['l2tp', null], ['fou', null], ['ila', null], ['macsec', null], ['tunnel', null],
  ['tunl', null], ['tuntap', null], ['tap', null], ['token', null], ['tcpmetrics', null], ['tcp_metrics', null], ['monitor', null], ['xfrm', null],
  ['mroute', null], ['mrule', null], ['netns', 'netns'], ['netconf', null], ['vrf', null], ['sr', null], ['nexthop', null], ['mptcp', null],
  ['ioam', null], ['help', 'help'], ['stats', null],
];

const USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |
                   link | macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
`;

export const ipCommand: CommandDef = {
  name: 'ip',
  summary: 'Show and manipulate network namespaces, links, addresses and routes.',
  usage: [
    'ip [ OPTIONS ] OBJECT { COMMAND | help }',
    'ip [ -n NAME ] link { add [ name ] NAME [ address MAC ] [ mtu MTU ] type veth [ peer [ name ] PEER [ address MAC ] [ netns { NAME | PID } ] ] | set DEV { up | down | netns { NAME | PID } | name NEW | mtu MTU | addrgenmode { eui64 | none } } | show [ DEV ] [ up ] [ type veth ] | delete DEV }',
    'ip [ -n NAME ] address { add | change | replace | del } ADDR[/PLEN] [ brd { ADDR | + | - } ] [ scope SCOPE ] [ label LABEL ] [ nodad ] [ noprefixroute ] dev DEV',
    'ip [ -n NAME ] address { show [ dev DEV ] [ to PREFIX ] [ scope SCOPE ] [ up ] [ label PATTERN ] [ FLAG ] | flush SELECTOR }',
    'ip [ -n NAME ] route { show | list | flush } [ table { main | local | all | ID } ] [ proto P ] [ scope S ] [ type T ] [ dev DEV ] [ metric M ] [ [ root | match | exact ] PREFIX ]',
    'ip [ -n NAME ] route { add | del | change | replace | append | prepend } [ TYPE ] PREFIX [ via ADDR ] [ dev DEV ] [ src ADDR ] [ scope SCOPE ] [ metric M ] [ table T ] [ proto P ] [ onlink ]',
    'ip [ -n NAME ] route get ADDRESS [ oif DEV ]',
    'ip netns { add NAME | attach NAME PID | list | list-id [ target-nsid N ] [ nsid M ] | set NAME { NSID | auto } | exec NAME cmd ... | delete NAME | identify [ PID ] | pids NAME }',
  ],
  options: [
    { short: '4', help: 'IPv4 only (-family inet)' },
    { short: '6', help: 'IPv6 only (-family inet6)' },
    { short: '0', help: 'the link layer only (-family link)' },
    { short: 'f', long: 'family', arg: 'required', argName: '<inet|inet6|link>', help: 'the protocol family' },
    { short: 'n', long: 'netns', arg: 'required', argName: '<name>', help: 'run the command in the named network namespace (ip netns exec NAME ip ...)' },
    { short: 'j', long: 'json', help: 'JSON output' },
    { short: 'p', long: 'pretty', help: 'indented JSON (with -j)' },
    { long: 'br', help: 'brief output: -brief, one line a link' },
    { short: 'd', long: 'details', help: 'more details (the type, table and protocol of every route)' },
    { short: 's', long: 'stats', help: 'more statistics (ip addr flush says what it did)' },
    { short: 'a', long: 'all', help: 'every namespace (ip -all netns ...)' },
    { short: 'V', long: 'Version', help: 'print the version' },
  ],
  more: 'Options are matched by prefix as ip does (-b is -batch, -br -brief; -n -netns; -j -json; -p -pretty). Objects too: ip a, ip r, ip l.',
  models: 'iproute2 6.1 ip(8), ip-link(8), ip-address(8), ip-route(8), ip-netns(8)',
  stopAtOperand: true,
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let family: IpRun['family'] = 0;
    let brief = false;
    let json = false;
    let pretty = false;
    let details = 0;
    let stats = 0;
    let all = false;
    try {
      while (args.length > 0) {
        let opt = args[0] ?? '';
        if (opt === '--') {
          args.shift();
          break;
        }
        if (!opt.startsWith('-')) break;
        if (opt[1] === '-') opt = opt.slice(1);
        if (matches(opt, '-loops') || matches(opt, '-rcvbuf')) {
          args.shift();
          if (args.length < 1) usage(ctx);
        } else if (matches(opt, '-family')) {
          args.shift();
          if (args.length < 1 || args[0] === 'help') usage(ctx);
          const f = args[0];
          if (f === 'inet') family = 4;
          else if (f === 'inet6') family = 6;
          else if (f === 'link') family = 'packet';
          else if (f === 'mpls' || f === 'bridge') die(ctx, `Error: -family ${f} is not modelled by this ip.`, 1);
          else invarg(ctx, 'invalid protocol family', f);
        } else if (opt === '-4') family = 4;
        else if (opt === '-6') family = 6;
        else if (opt === '-0') family = 'packet';
        else if (opt === '-M' || opt === '-B') die(ctx, `Error: ${opt} is not modelled by this ip.`, 1);
        else if (matches(opt, '-human') || matches(opt, '-human-readable') || matches(opt, '-iec') || matches(opt, '-resolve') || matches(opt, '-timestamp') || matches(opt, '-tshort') || matches(opt, '-force') || matches(opt, '-Numeric')) {
          // Nothing the model's output changes with.
        } else if (matches(opt, '-stats') || matches(opt, '-statistics')) stats++;
        else if (matches(opt, '-details')) details++;
        else if (matches(opt, '-oneline')) die(ctx, 'Error: -oneline is not modelled by this ip.', 1);
        else if (matches(opt, '-Version')) {
          ctx.stdout.write('ip utility, iproute2-6.1.0, libbpf 1.1.2\n');
          return 0;
        } else if (matches(opt, '-batch')) die(ctx, 'Error: -batch is not modelled by this ip.', 1);
        else if (matches(opt, '-brief')) brief = true;
        else if (matches(opt, '-json')) json = true;
        else if (matches(opt, '-pretty')) pretty = true;
        else if (/^-c(o(l(o(u?r)?)?)?)?(=.*)?$/.test(opt)) {
          // -color: no colours without a terminal.
        } else if (matches(opt, '-help')) usage(ctx);
        else if (matches(opt, '-netns')) {
          args.shift();
          if (args.length === 0) incomplete(ctx);
          netnsSwitch(ctx, ctx.task, args[0] ?? '');
        } else if (matches(opt, '-all')) all = true;
        else if (opt === '-echo') die(ctx, 'Error: -echo is not modelled by this ip.', 1);
        else die(ctx, `Option "${opt}" is unknown, try "ip -help".`, 255);
        args.shift();
      }
      const object = args.shift();
      if (object === undefined) return usage(ctx);
      const match = OBJECTS.find(([name]) => matches(object, name));
      if (!match) return die(ctx, `Object "${object}" is unknown, try "ip help".`, 1);
      const run: IpRun = { ctx, out: new IpOutput(ctx.stdout, json, pretty), family, brief, details, stats, oneline: false, json, all };
      switch (match[1]) {
        case 'address': return doIpaddr(run, args);
        case 'link': return doIplink(run, args, listAddrs);
        case 'route': return doIproute(run, args);
        case 'netns': return await doNetns(run, args);
        case 'help': return usage(ctx);
        default: return die(ctx, `Error: ip ${match[0]} is not modelled by this ip.`, 1);
      }
    } catch (e) {
      if (e instanceof IpExit) return e.status;
      throw e;
    }
  },
};

/** ip.c's usage() (exit 255). */
function usage(ctx: Parameters<CommandDef['run']>[0]): never {
  ctx.stderr.write(USAGE);
  throw new IpExit(255);
}

export { pingCommand };

export const IP_COMMANDS: readonly CommandDef[] = [ipCommand, pingCommand];
