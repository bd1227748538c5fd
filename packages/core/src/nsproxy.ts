/**
 * The shared, reference-counted bundle of a task's namespaces. Mirrors struct
 * nsproxy (include/linux/nsproxy.h): one pointer per type held in it (here a
 * slot per registered type whose home is `nsproxy`), shared by every task with
 * the same namespaces; any change makes a new one (copy-on-write).
 */
import type { NsCommon } from './ns-common.ts';

/** struct nsproxy. */
export class Nsproxy {
  /** References to this nsproxy (tasks pointing at it). */
  count = 1;
  /** One namespace per slot; the kernel maps types to slots. */
  readonly slots: NsCommon[];

  constructor(slots: NsCommon[]) {
    this.slots = slots;
  }
}
