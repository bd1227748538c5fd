/**
 * `nsproxy graph [FILE] [--format dot|mermaid|svg] [-o OUT]`
 *
 * Runs a shell script (FILE, or standard input) on a fresh simulated
 * machine, as `nsproxy shell FILE` does, lets its background processes run
 * until they wait for the clock or are done, and draws the final state: the
 * tasks, the namespaces, which task holds which, ownership and nesting, the
 * nsfs mounts that pin namespaces, open ns files, and veth pairs
 * (`machineGraph` of @nsproxy/shell, which the playground draws too).
 *
 * The script's standard output is discarded and its standard error passed
 * through (its error lines), so that standard output is the graph alone.
 * The format is `--format`, else OUT's extension (`.svg`, `.mmd`, `.dot`),
 * else DOT. Exit status 0 once the graph is written, whatever the script's
 * status; 2 for bad input (no such FILE, an unknown format, standard input a
 * terminal), 1 when OUT cannot be written.
 */
import type { CAC } from 'cac';
import { readFile, writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { EMPTY, TextReader, createMachine, machineGraph, quiesce, runSession, toDot, toMermaid, toSvg } from '@nsproxy/shell';
import type { Graph } from '@nsproxy/shell';
import { UsageError, errorText } from '../context.ts';
import type { CliCommand, CliContext } from '../context.ts';
import { streamReader } from './shell.ts';

interface GraphFlags {
  readonly format?: unknown;
  readonly o?: unknown;
}

/** The output formats, by name. */
export const GRAPH_FORMATS: Readonly<Record<string, (g: Graph) => string>> = { dot: toDot, mermaid: toMermaid, svg: toSvg };

/** The format an output file's extension asks for. */
const EXTENSIONS: Readonly<Record<string, string>> = { '.dot': 'dot', '.gv': 'dot', '.mmd': 'mermaid', '.mermaid': 'mermaid', '.svg': 'svg' };

/** The whole of a stream, as text. */
async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** The `graph` command's logic: returns the exit status. */
export async function graph(file: string | undefined, flags: GraphFlags, ctx: CliContext): Promise<number> {
  const out = typeof flags.o === 'string' ? flags.o : undefined;
  if (flags.o !== undefined && out === undefined) throw new UsageError('graph: -o takes one file name');
  const format = typeof flags.format === 'string' ? flags.format : flags.format === undefined ? EXTENSIONS[extname(out ?? '').toLowerCase()] ?? 'dot' : undefined;
  const draw = format === undefined ? undefined : GRAPH_FORMATS[format];
  if (!draw) throw new UsageError(`graph: unknown format '${String(flags.format)}' (formats: ${Object.keys(GRAPH_FORMATS).join(', ')})`);
  const stdin = ctx.stdin ?? process.stdin;
  const stdinIsTTY = (ctx.stdinIsTTY ?? process.stdin.isTTY) === true;
  let text: string;
  if (file !== undefined) {
    try {
      text = await readFile(resolve(ctx.cwd, file), 'utf8');
    } catch {
      throw new UsageError(`graph: cannot open ${file}: No such file`);
    }
  } else {
    if (stdinIsTTY) throw new UsageError('graph: give a script as FILE or on standard input (nsproxy shell is the interactive prompt)');
    text = await readStream(stdin);
  }
  const machine = createMachine({ types: ctx.areas.flatMap((a) => a.types), rules: ctx.areas.map((a) => a.rules ?? []) });
  const io = { stdout: { write: (): void => {} }, stderr: { write: ctx.writeErr } };
  // The script's own standard input: the process's, unless that is the script or a terminal.
  const scriptStdin = file !== undefined && !stdinIsTTY ? streamReader(stdin) : EMPTY;
  await runSession(machine, io, { input: new TextReader(text), stdin: scriptStdin, ...(file !== undefined ? { arg0: file } : {}) });
  await quiesce(machine);
  const drawing = draw(machineGraph(machine));
  if (out === undefined) {
    ctx.write(drawing);
    return 0;
  }
  try {
    await writeFile(resolve(ctx.cwd, out), drawing);
  } catch (error) {
    ctx.writeErr(`nsproxy: graph: cannot write ${out}: ${errorText(error)}\n`);
    return 1;
  }
  return 0;
}

export const graphCommand: CliCommand = {
  name: 'graph',
  register(cli: CAC, ctx: CliContext): void {
    cli
      .command('graph [file]', 'Run a shell script (FILE or standard input) on a simulated machine and draw its final state: tasks, namespaces, owners, parents, nsfs mounts, veth pairs')
      .option('--format <format>', 'Output format: dot (Graphviz), mermaid (a flowchart) or svg (default: from -o\'s extension, else dot)')
      .option('-o <file>', 'Write the drawing to this file instead of standard output')
      .example('echo \'ip netns add blue; unshare -U -r -p -f --mount-proc sleep 100 &\' | nsproxy graph --format svg -o ns.svg')
      .action((file: string | undefined, flags: GraphFlags): Promise<number> => {
        if (Array.isArray(file)) throw new UsageError('graph: one FILE at most');
        return graph(file, flags, ctx);
      });
  },
};
