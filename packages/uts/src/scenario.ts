/**
 * `@nsproxy/uts/scenario`: the uts scenario area, the format's UTS section
 * (`sethostname`, `setdomainname`, `hostname`, `domainname`) on the simulated
 * kernel, and the world's start: `init` has hostname `nsproxy` and domainname
 * `(none)`. Compose it with `coreArea` from `@nsproxy/core/scenario`.
 */
import { OK, defineSimArea } from '@nsproxy/core/scenario';
import type { SimArea } from '@nsproxy/core/scenario';
import { opSpec } from '@nsproxy/scenario';
import type { OpSpec } from '@nsproxy/scenario';
import { setdomainname, sethostname, uname, utsNamespaceType, utsRules } from './index.ts';

/** The specs of the UTS section. */
export const UTS_OPS: readonly OpSpec[] = [
  opSpec('uts', 'sethostname <name>', 1, ['text']),
  opSpec('uts', 'setdomainname <name>', 1, ['text']),
  opSpec('uts', 'hostname', 0, []),
  opSpec('uts', 'domainname', 0, []),
];

/** The uts scenario area. */
export const utsArea: SimArea = defineSimArea({
  name: 'uts',
  types: [utsNamespaceType],
  ops: UTS_OPS,
  rules: utsRules,
  sim: {
    sethostname(world, actor, [name = '']) {
      sethostname(world.kernel, actor, name);
      return OK;
    },
    setdomainname(world, actor, [name = '']) {
      setdomainname(world.kernel, actor, name);
      return OK;
    },
    hostname(world, actor) {
      return { kind: 'text', value: uname(world.kernel, actor).nodename };
    },
    domainname(world, actor) {
      return { kind: 'text', value: uname(world.kernel, actor).domainname };
    },
  },
  setup: {
    initTask(world, init) {
      sethostname(world.kernel, init, 'nsproxy');
      setdomainname(world.kernel, init, '(none)');
    },
  },
});
