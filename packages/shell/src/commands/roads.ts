/**
 * `roads`: which roads not taken the machine's kernel opened (`Kernel.roads`,
 * @nsproxy/core's roads.ts), and with `-a` every road it knows. No Linux tool
 * has it: Linux as merged takes no road (`uname -a` stays Linux's); it is the
 * model's own, as `nsproxy shell --road NAME` and the playground open them.
 *
 * And the calls of road nsproxy-ids as builtins (they act on the shell's own
 * process, as `cd` does): `unshare_ns TYPES`, `bind_ns ID [TYPES]` and
 * `nsproxy_id`. On a machine without the road they fail as the system calls
 * do: ENOSYS, "Function not implemented".
 */
import { Kernel, KernelError, bindNs, nsproxyId, unshareNs } from '@nsproxy/core';
import type { NamespaceOperations, Road } from '@nsproxy/core';
import { HELP_OPTIONS, optionValue, parseOrExit } from '../command.ts';
import type { CommandContext, CommandDef } from '../command.ts';
import { strerror } from '../machine.ts';

/**
 * Every road not taken a machine of these namespace types would know
 * (`Kernel.knownRoads`: core's, then each type's), e.g. for a page's switch
 * between Linux 6.18 and a road: pass the names chosen as `MachineOptions.roads`.
 */
export function machineRoads(types: readonly NamespaceOperations[]): readonly Road[] {
  return new Kernel({ namespaces: [...types] }).knownRoads;
}

/** The roads a kernel opened, in the order it knows them (core's, then each type's). */
export function openRoads(kernel: Kernel): readonly Road[] {
  return kernel.knownRoads.filter((r) => kernel.onRoad(r.name));
}

/**
 * Two lines per road: its name, whether `kernel` opened it (when given), and
 * what was proposed; under it, what Linux has instead.
 */
export function roadLines(roads: readonly Road[], all: boolean, kernel?: Kernel): string {
  const width = Math.max(0, ...roads.map((r) => r.name.length));
  return roads
    .map((r) => {
      const state = all && kernel ? `${kernel.onRoad(r.name) ? 'open' : '-'}`.padEnd(5) : '';
      return `${r.name.padEnd(width)}  ${state}${r.summary}\n${' '.repeat(width + 2 + state.length)}Linux: ${r.replacedBy}\n`;
    })
    .join('');
}

/** The `roads` command. */
export const roadsCommand: CommandDef = {
  name: 'roads',
  builtin: true,
  summary: 'List the roads not taken this machine opened (nsproxy shell --road NAME): interfaces proposed on the list and replaced in Linux; -a lists every road it knows.',
  usage: ['roads [-a]'],
  options: [{ short: 'a', long: 'all', help: 'list every road the machine knows, open or not' }, ...HELP_OPTIONS],
  more: 'Without a road the machine is Linux 6.18. Each road is explained in docs/roads/.',
  models: 'nsproxy (no Linux tool: Linux as merged takes no road)',
  run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    if (args.operands.length > 0) {
      ctx.stderr.write(`roads: unexpected argument '${args.operands[0] ?? ''}'\n`);
      return 1;
    }
    const k = ctx.machine.kernel;
    const all = optionValue(args, 'all') === true;
    const roads = all ? k.knownRoads : openRoads(k);
    if (roads.length === 0) {
      ctx.stdout.write('no road open: Linux 6.18\n');
      return 0;
    }
    ctx.stdout.write(roadLines(roads, all, k));
    return 0;
  },
};

const ROAD_TOOL = 'nsproxy (road nsproxy-ids: no Linux tool, the system call proposed)';

/** The CLONE_NEW* flags of a comma-separated type list (`uts,ipc`), or an error line. */
function typeFlags(ctx: CommandContext, list: string): number | string {
  let flags = 0;
  for (const name of list.split(',')) {
    const type = ctx.machine.kernel.typeByName(name);
    if (!type || name === '') return `unknown namespace type '${name}'`;
    flags += type.type;
  }
  return flags;
}

/** Runs a call of the road: 0, or 1 after `name: strerror` (and the rule, when explaining). */
function roadCall(ctx: CommandContext, name: string, call: () => void): number {
  try {
    call();
    return 0;
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    ctx.stderr.write(`${name}: ${strerror(e)}\n`);
    ctx.machine.explainError(ctx.stderr, e);
    return 1;
  }
}

/** `unshare_ns TYPES`: unshare_ns(2) as proposed, on the shell's own process (road nsproxy-ids). */
export const unshareNsCommand: CommandDef = {
  name: 'unshare_ns',
  builtin: true,
  summary: 'Road nsproxy-ids: unshare_ns(flags) on the shell\'s own process: new namespaces of the types given (uts,ipc,...), in a new, unbound nsproxy.',
  usage: ['unshare_ns type[,type...]'],
  options: [],
  models: ROAD_TOOL,
  run(ctx) {
    const list = ctx.argv[1];
    if (list === undefined || ctx.argv.length > 2) {
      ctx.stderr.write('unshare_ns: usage: unshare_ns type[,type...]\n');
      return 2;
    }
    const flags = typeFlags(ctx, list);
    if (typeof flags === 'string') {
      ctx.stderr.write(`unshare_ns: ${flags}\n`);
      return 2;
    }
    return roadCall(ctx, 'unshare_ns', () => unshareNs(ctx.machine.kernel, ctx.task, flags));
  },
};

/** `bind_ns ID [TYPES]`: bind_ns(2) as proposed, on the shell's own process (road nsproxy-ids). */
export const bindNsCommand: CommandDef = {
  name: 'bind_ns',
  builtin: true,
  summary: 'Road nsproxy-ids: bind_ns(id, flags) on the shell\'s own process: without types, bind its nsproxy to ID; with types, from nsproxy 0, switch to those namespaces of the nsproxy ID (or of the process -ID).',
  usage: ['bind_ns id [type[,type...]]'],
  options: [],
  models: ROAD_TOOL,
  run(ctx) {
    const [, idText, list] = ctx.argv;
    if (idText === undefined || ctx.argv.length > 3 || !/^-?[0-9]+$/.test(idText) || Math.abs(Number(idText)) > 2147483647) {
      ctx.stderr.write('bind_ns: usage: bind_ns id [type[,type...]]\n');
      return 2;
    }
    const flags = list === undefined ? 0 : typeFlags(ctx, list);
    if (typeof flags === 'string') {
      ctx.stderr.write(`bind_ns: ${flags}\n`);
      return 2;
    }
    return roadCall(ctx, 'bind_ns', () => bindNs(ctx.machine.kernel, ctx.task, Number(idText), flags));
  },
};

/** `nsproxy_id`: the id of the shell's nsproxy (0, the id bound, or -1), as the model holds it (road nsproxy-ids). */
export const nsproxyIdCommand: CommandDef = {
  name: 'nsproxy_id',
  builtin: true,
  summary: 'Road nsproxy-ids: print the id of the shell\'s nsproxy: 0 for the initial one, the id it was bound to, or -1.',
  usage: ['nsproxy_id'],
  options: [],
  models: ROAD_TOOL,
  run(ctx) {
    const k = ctx.machine.kernel;
    if (!k.onRoad('nsproxy-ids')) {
      ctx.stderr.write('nsproxy_id: Function not implemented\n');
      return 1;
    }
    const p = ctx.task.nsproxy;
    if (!p) return 1;
    ctx.stdout.write(`${nsproxyId(k, p)}\n`);
    return 0;
  },
};
