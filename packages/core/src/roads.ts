/**
 * The roads not taken: interfaces proposed on the list when namespaces were
 * first merged, and replaced by others (unshare_ns/bind_ns, unshare of a pid
 * namespace that moved the caller, the first user namespace, setns(nstype,
 * fd) and socketat). Each is an opt-in of the model, named in
 * `KernelOptions.roads`, and off by default: the default kernel is Linux 6.18,
 * and the real backend never takes one.
 *
 * Core brings its own roads (CORE_ROADS); a type brings its own in
 * `NamespaceOperations.roads`, so a kernel knows exactly the roads of the
 * types it was built with.
 */

/** One road not taken: a proposal Linux did not merge in that form. */
export interface Road {
  /** The name a kernel (`roads`), a scenario (`@road:`) and the shell (`--road`) use: lower case and dashes. */
  readonly name: string;
  /** One line: what was proposed, by whom and when. */
  readonly summary: string;
  /** One line: what Linux has instead. */
  readonly replacedBy: string;
  /** The docs page that explains it, relative to docs/ (e.g. `roads/nsproxy-ids.md`). */
  readonly doc: string;
}

/** A road's name: lower case letters, digits and dashes. */
export const ROAD_NAME: RegExp = /^[a-z][a-z0-9-]*$/;

/** The roads core itself brings (filled in as they are modelled). */
export const CORE_ROADS: readonly Road[] = [];
