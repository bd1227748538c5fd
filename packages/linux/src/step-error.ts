/** A malformed step, or one the backend refuses to run: not a kernel error, so it throws (the session stays usable). */
export class StepError extends Error {}

/** The step has between `min` and `max` arguments, else a StepError with the op's usage. */
export function need(args: readonly string[], min: number, max: number, usage: string): void {
  if (args.length < min || args.length > max) throw new StepError(`usage: ${usage}`);
}

/** The argument at `index`, or a StepError when it is missing. */
export function arg(args: readonly string[], index: number): string {
  const value = args[index];
  if (value === undefined) throw new StepError(`missing argument ${index + 1}`);
  return value;
}
