/**
 * The hostid type's scenario area: what lets `nsproxy run` run `.nss`
 * scenarios that use it on the simulated kernel. Two ops of our own, written
 * the way the format writes its ops (an op spec each, and its simulated
 * implementation), plus the type to register:
 *
 * | op | does | result |
 * | --- | --- | --- |
 * | `sethostid <id>` | sethostid(3) in the actor's hostid namespace (decimal or 0x-hex) | `ok` or errno |
 * | `gethostid` | gethostid(3), as hostid(1) prints it | 8 hex digits |
 *
 * `nsproxy.config.ts` next to this file adds the area to the command. The real
 * kernel has no hostid namespaces, so the linux backend skips these scenarios.
 */
import { OK, defineSimArea } from '@nsproxy/core/scenario';
import type { SimArea } from '@nsproxy/core/scenario';
import { integerArg, opSpec } from '@nsproxy/scenario';
import { gethostid, hostidNamespaceType, hostidRules, sethostid } from './hostid-namespace.ts';

export const hostidArea: SimArea = defineSimArea({
  name: 'hostid',
  types: [hostidNamespaceType],
  rules: hostidRules,
  ops: [
    opSpec('hostid', 'sethostid <id>', 1, ['int']),
    opSpec('hostid', 'gethostid', 0, []),
  ],
  sim: {
    sethostid(world, actor, [id = '']) {
      const n = integerArg(id);
      if (n === undefined) throw new Error(`not an integer: '${id}'`);
      sethostid(world.kernel, actor, n);
      return OK;
    },
    gethostid(world, actor) {
      return { kind: 'text', value: gethostid(world.kernel, actor).toString(16).padStart(8, '0') };
    },
  },
});
