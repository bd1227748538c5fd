/** Simulated ops of the format's UTS section, through @nsproxy/uts. */
import { setdomainname, sethostname, uname } from '@nsproxy/uts';
import type { SimOpTable, SimWorldSetup } from './world.ts';
import { OK } from './world.ts';

export const utsOps: SimOpTable = {
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
};

/** The world's `init` has hostname `nsproxy` and domainname `(none)`. */
export const utsSetup: SimWorldSetup = {
  initTask(world, init) {
    sethostname(world.kernel, init, 'nsproxy');
    setdomainname(world.kernel, init, '(none)');
  },
};
