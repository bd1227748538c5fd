/**
 * The `numRuns` of core's fast-check properties (the same rule as
 * `propertyRuns` of @nsproxy/testkit, which core cannot depend on):
 * `defaultRuns`, or the positive integer in the environment variable `name`
 * (`NSPROXY_PROPERTY_RUNS`, or `NSPROXY_FUZZ_RUNS` for the bad-input fuzz).
 */
export function propertyRuns(defaultRuns: number, name = 'NSPROXY_PROPERTY_RUNS'): number {
  const raw = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  if (raw === undefined || raw === '') return defaultRuns;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name}=${raw}: expected a positive integer`);
  return n;
}
