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

/** The roads core itself brings: nsproxy-ids (nsproxy-ids.ts) and setns-nstype-fd (setns-nstype-fd.ts). */
export const CORE_ROADS: readonly Road[] = [
  {
    name: 'nsproxy-ids',
    summary: 'unshare_ns(flags) and bind_ns(id, flags): nsproxies named by integer ids, and a switch into one (Cedric Le Goater, 2006)',
    replacedBy: 'nsfs files (/proc/PID/ns/*, bind-mounted to keep and name them) and setns(2)',
    doc: 'roads/nsproxy-ids.md',
  },
  {
    name: 'setns-nstype-fd',
    summary: 'setns(nstype, fd): the argument order first proposed (Eric W. Biederman, 2010)',
    replacedBy: 'setns(fd, nstype), merged in Linux 3.0',
    doc: 'roads/setns-nstype-fd.md',
  },
];
