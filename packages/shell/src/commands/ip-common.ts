/**
 * What every `ip` object shares (iproute2 6.1, ip/ip.c, lib/utils.c,
 * lib/libnetlink.c): the global options of a run, the exits of
 * incomplete_command, invarg, duparg and duparg2, matches(), the address
 * and prefix parsing of get_addr/get_prefix, and how a failed rtnetlink
 * request is reported (`Error: <extack>.` when the kernel sent a message,
 * `RTNETLINK answers: <strerror>` otherwise; exit status 2).
 */
import { KernelError } from '@nsproxy/core';
import { extackOf, formatAddress } from '@nsproxy/net';
import type { LinkAddress, NetNamespace } from '@nsproxy/net';
import type { CommandContext } from '../command.ts';
import { strerror } from '../machine.ts';
import type { IpOutput } from './ip-json.ts';

/** A failure that ends `ip` with a status after its message. */
export class IpExit extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`ip exit ${status}`);
    this.status = status;
  }
}

/** The options of one run of ip (ip.c's globals). */
export interface IpRun {
  readonly ctx: CommandContext;
  readonly out: IpOutput;
  /** preferred_family: 0 (AF_UNSPEC), 4, 6, or 'packet' (-0). */
  family: 0 | 4 | 6 | 'packet';
  readonly brief: boolean;
  readonly details: number;
  readonly stats: number;
  readonly oneline: boolean;
  readonly json: boolean;
  /** do_all (`-all`). */
  readonly all: boolean;
}

/** The caller's network namespace (the one `-n` switched to). */
export type NetOf = (run: IpRun) => NetNamespace;

/** A message on stderr and the exit status. */
export function die(ctx: CommandContext, message: string, status: number): never {
  ctx.stderr.write(message.endsWith('\n') ? message : `${message}\n`);
  throw new IpExit(status);
}

/** incomplete_command (NEXT_ARG at the end of argv). */
export function incomplete(ctx: CommandContext): never {
  return die(ctx, 'Command line is not complete. Try option "help"', 255);
}

/** invarg: the message as ip has it (some carry their own newline, which gives an empty line). */
export function invarg(ctx: CommandContext, msg: string, arg: string | undefined): never {
  ctx.stderr.write(`Error: argument "${arg ?? '(null)'}" is wrong: ${msg}\n`);
  throw new IpExit(255);
}

export function duparg(ctx: CommandContext, key: string, arg: string): never {
  ctx.stderr.write(`Error: duplicate "${key}": "${arg}" is the second value.\n`);
  throw new IpExit(255);
}

export function duparg2(ctx: CommandContext, key: string, arg: string): never {
  ctx.stderr.write(`Error: either "${key}" is duplicate, or "${arg}" is a garbage.\n`);
  throw new IpExit(255);
}

/** matches(prefix, string) == 0: `prefix` is a non-empty prefix of `string`. */
export function matches(prefix: string, string: string): boolean {
  return prefix.length > 0 && string.startsWith(prefix);
}

/** The argument cursor of a subcommand: NEXT_ARG and friends. */
export class Args {
  private i = 0;
  private readonly ctx: CommandContext;
  private readonly argv: readonly string[];

  constructor(ctx: CommandContext, argv: readonly string[]) {
    this.ctx = ctx;
    this.argv = argv;
  }

  get more(): boolean {
    return this.i < this.argv.length;
  }

  get left(): number {
    return this.argv.length - this.i;
  }

  /** *argv. */
  get cur(): string {
    return this.argv[this.i] ?? '';
  }

  /** argv[1]: the word after the current one (C's NULL as undefined). */
  get peek(): string | undefined {
    return this.argv[this.i + 1];
  }

  /** argc--, argv++. */
  shift(): string {
    return this.argv[this.i++] ?? '';
  }

  /** NEXT_ARG: on to the value, or "Command line is not complete". */
  next(): string {
    this.i++;
    if (this.i >= this.argv.length) incomplete(this.ctx);
    return this.argv[this.i] ?? '';
  }

  /** The words from the current one on. */
  rest(): string[] {
    return this.argv.slice(this.i);
  }
}

/** An address or prefix as get_addr/get_prefix read it. */
export interface InetPrefix {
  readonly family: 4 | 6 | 0;
  readonly value: bigint;
  readonly bitlen: number;
  /** A `/len` was given (PREFIXLEN_SPECIFIED), or default/any/all. */
  readonly lenGiven: boolean;
  /** default, any or all. */
  readonly isDefault: boolean;
}

/** get_addr_ipv4: one to four dotted parts, missing ones 0 (`10` is 10.0.0.0). */
function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length > 4 || !parts.every((p) => /^[0-9]+$/.test(p) && Number(p) <= 255)) return undefined;
  while (parts.length < 4) parts.push('0');
  return parts.reduce((v, p) => (v << 8n) | BigInt(Number(p)), 0n);
}

/** inet_pton(AF_INET6). */
function parseV6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(s) || s.split('::').length > 2) return undefined;
  const [head = '', tail] = s.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - h.length - t.length;
  if ((tail === undefined && missing !== 0) || missing < 0 || (tail !== undefined && missing < 1)) return undefined;
  const groups = [...h, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...t];
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((v, g) => (v << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** get_prefix_1/get_addr_1: `default`, an address, with `/len` (or an IPv4 mask) for a prefix; undefined for what is none. */
export function parseInet(text: string, family: 0 | 4 | 6 | 'packet', prefix: boolean): InetPrefix | undefined {
  const fam = family === 'packet' ? 0 : family;
  if (text === 'default' || text === 'any' || text === 'all') return { family: fam, value: 0n, bitlen: 0, lenGiven: true, isDefault: true };
  const slash = prefix ? text.indexOf('/') : -1;
  const addr = slash < 0 ? text : text.slice(0, slash);
  let f: 4 | 6;
  let value: bigint | undefined;
  if (addr.includes(':')) {
    f = 6;
    value = parseV6(addr);
  } else {
    f = 4;
    value = parseV4(addr);
  }
  if (value === undefined || (fam !== 0 && fam !== f)) return undefined;
  const max = f === 4 ? 32 : 128;
  if (slash < 0) return { family: f, value, bitlen: max, lenGiven: false, isDefault: false };
  const len = text.slice(slash + 1);
  let bitlen: number;
  if (/^[0-9]+$/.test(len)) bitlen = Number(len);
  else if (f === 4 && parseV4(len) !== undefined) {
    // A mask: its ones, which must be contiguous.
    const m = parseV4(len) ?? 0n;
    bitlen = m.toString(2).padStart(32, '0').indexOf('0');
    if (bitlen < 0) bitlen = 32;
    if ((m.toString(2).padStart(32, '0').slice(bitlen)).includes('1')) return undefined;
  } else return undefined;
  if (bitlen > max) return undefined;
  return { family: f, value, bitlen, lenGiven: true, isDefault: false };
}

/** family_name_verbose: the family in get_prefix's error. */
function familyVerbose(family: 0 | 4 | 6 | 'packet'): string {
  return family === 4 ? 'inet' : family === 6 ? 'inet6' : family === 'packet' ? 'link' : 'any valid';
}

/** get_prefix: a prefix, or `Error: <family> prefix is expected rather than "x".` (exit 1). */
export function getPrefix(ctx: CommandContext, text: string, family: 0 | 4 | 6 | 'packet'): InetPrefix {
  return parseInet(text, family, true) ?? die(ctx, `Error: ${familyVerbose(family)} prefix is expected rather than "${text}".`, 1);
}

/** get_addr: an address, or `Error: <family> address is expected rather than "x".` (exit 1). */
export function getAddr(ctx: CommandContext, text: string, family: 0 | 4 | 6 | 'packet'): InetPrefix {
  const a = parseInet(text, family, false);
  if (!a || a.isDefault) return die(ctx, `Error: ${familyVerbose(family)} address is expected rather than "${text}".`, 1);
  return a;
}

/** The model's form of an address (canonical text). */
export function linkAddress(p: InetPrefix, prefix: number = p.bitlen): LinkAddress {
  const family = p.family === 0 ? 4 : p.family;
  return { family, addr: formatAddress(family, p.value), prefix, value: p.value };
}

/** rtnl_talk's error: the extack message (`Error: ...` with its period), else `RTNETLINK answers: <strerror>`; exit 2 (rule line with --explain). */
export function rtnlFail(ctx: CommandContext, e: unknown, status: number = 2): never {
  if (!(e instanceof KernelError)) throw e;
  const msg = extackOf(e);
  if (msg !== undefined) ctx.stderr.write(`Error: ${msg}${msg.endsWith('.') ? '' : '.'}\n`);
  else ctx.stderr.write(`RTNETLINK answers: ${strerror(e)}\n`);
  ctx.machine.explainError(ctx.stderr, e);
  throw new IpExit(status);
}

/** A dump's error (rtnl_dump_filter): the extack or `RTNETLINK answers`, then `Dump terminated`. */
export function dumpFail(ctx: CommandContext, e: unknown, status: number): never {
  if (!(e instanceof KernelError)) throw e;
  const msg = extackOf(e);
  if (msg !== undefined) ctx.stderr.write(`Error: ${msg}${msg.endsWith('.') ? '' : '.'}\n`);
  else ctx.stderr.write(`RTNETLINK answers: ${strerror(e)}\n`);
  ctx.stderr.write('Dump terminated\n');
  ctx.machine.explainError(ctx.stderr, e);
  throw new IpExit(status);
}

/** Runs a request, reporting a KernelError as rtnl_talk does. */
export function talk<T>(ctx: CommandContext, call: () => T): T {
  try {
    return call();
  } catch (e) {
    return rtnlFail(ctx, e);
  }
}
