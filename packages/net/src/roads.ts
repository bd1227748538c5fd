/**
 * The roads not taken @nsproxy/net brings (roads.ts of @nsproxy/core):
 * `socketat` (socketat.ts). Kept apart so that the type's definition can name
 * them without loading the calls.
 */
import type { Road } from '@nsproxy/core';

/** The road's name, as `KernelOptions.roads`, `@road:` and `--road` write it. */
export const SOCKETAT = 'socketat';

/** Road `socketat`: what it is and what replaced it (the net type brings it: `netNamespaceType.roads`). */
export const SOCKETAT_ROAD: Road = Object.freeze({
  name: SOCKETAT,
  summary: 'socketat(nsfd, family, type, protocol): a socket made in another network namespace without entering it (Eric W. Biederman, 2010)',
  replacedBy: 'setns(2) into the namespace, socket(2), setns(2) back',
  doc: 'roads/socketat.md',
});

