/** The command line of `bench.js`. */

export interface BenchArgs {
  /** --json: one JSON object on stdout instead of the table. */
  readonly json: boolean;
  /** --quick: small sizes and few iterations (CI proves the bench still works). */
  readonly quick: boolean;
  /** --help. */
  readonly help: boolean;
  /** --no-kernel: skip the real kernel (the kernel column is empty). */
  readonly kernel: boolean;
  /** --no-model: skip the model ops (the model column is empty). */
  readonly model: boolean;
  /** --no-scale: skip the scale part. */
  readonly scale: boolean;
  /** --only=a,b: only these ops (and no scale part unless `scale` is also named). */
  readonly only: readonly string[] | null;
}

export const USAGE = `usage: node packages/bench/dist/bench.js [options]

Times namespace operations on the real kernel (a small C program compiled now,
run as root) and on the model, and prints their ratio; then the model at scale.

  --json        print one JSON object on stdout: {"rows": [...], "scale": {...}};
                each row has its ratio, and its spread over the rounds (ratio_spread)
                and over each side's samples (kernel_spread, model_spread)
  --quick       small sizes and few iterations (what CI runs)
  --only=OPS    only these ops, comma-separated (add "scale" for the scale part)
  --no-kernel   do not run the real kernel
  --no-model    do not run the model ops
  --no-scale    skip the scale part
  -h, --help    this text`;

/** A bad command line; the message says what is wrong. */
export class ArgsError extends Error {
  override readonly name = 'ArgsError';
}

/** Parses the arguments after the script name; throws ArgsError on anything unknown. */
export function parseArgs(argv: readonly string[]): BenchArgs {
  let json = false;
  let quick = false;
  let help = false;
  let kernel = true;
  let model = true;
  let scale = true;
  let only: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--json') json = true;
    else if (a === '--quick') quick = true;
    else if (a === '-h' || a === '--help') help = true;
    else if (a === '--no-kernel') kernel = false;
    else if (a === '--no-model') model = false;
    else if (a === '--no-scale') scale = false;
    else if (a === '--only' || a.startsWith('--only=')) {
      let value: string | undefined;
      if (a === '--only') {
        value = argv[i + 1];
        i++;
      } else value = a.slice('--only='.length);
      if (value === undefined || value === '' || value.startsWith('-')) throw new ArgsError('--only needs a comma-separated list of ops');
      const ops = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (ops.length === 0) throw new ArgsError('--only needs a comma-separated list of ops');
      only = [...(only ?? []), ...ops];
    } else throw new ArgsError(`unknown argument '${a}'`);
  }
  return { json, quick, help, kernel, model, scale, only };
}

/** Whether an op (or `scale`) is selected by --only. */
export function selected(args: BenchArgs, op: string): boolean {
  if (op === 'scale' && !args.scale) return false;
  return args.only === null || args.only.includes(op);
}
