/**
 * prctl(PR_SET_PDEATHSIG) (kernel/sys.c) and the parent-death signal that
 * kernel/exit.c forget_original_parent sends (rules C10.10, C11.6): what
 * `unshare --kill-child` asks for in its forked child, so that the child,
 * and with it a pid namespace it is the init of, dies with unshare.
 */
import { describe, expect, it } from 'vitest';
import { composeAreas, parseScenario, runScenario } from '@nsproxy/scenario';
import { CLONE_NEWPID, CLONE_NEWUSER, CLONE_SIGHAND, CLONE_THREAD, CLONE_VM, Kernel, KernelError, SIGKILL, SIGTERM, SIGUSR1 } from './index.ts';
import { coreArea, createSimBackend } from './scenario/index.ts';
import { errno, nestedPidType, nestedUserType } from '../test/nested-types.ts';

const THREAD = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;

function kernel(): Kernel {
  return new Kernel({ namespaces: [nestedUserType, nestedPidType] });
}

describe('prctl(PR_SET_PDEATHSIG)', () => {
  it('takes a signal number 0..64 and gives it back (PR_GET_PDEATHSIG); anything else is EINVAL (C11.6)', () => {
    const k = kernel();
    const t = k.clone(k.initTask, 0);
    expect(k.getPdeathSignal(t)).toBe(0);
    k.setPdeathSignal(t, SIGTERM);
    expect(k.getPdeathSignal(t)).toBe(SIGTERM);
    expect(errno(() => k.setPdeathSignal(t, 65))).toBe('EINVAL');
    expect(errno(() => k.setPdeathSignal(t, -1))).toBe('EINVAL');
    let rule: string | undefined;
    try {
      k.setPdeathSignal(t, 65);
    } catch (e) {
      rule = e instanceof KernelError ? e.rule : undefined;
    }
    expect(rule).toBe('C11.6');
    // A failed call changes nothing.
    expect(k.getPdeathSignal(t)).toBe(SIGTERM);
    k.setPdeathSignal(t, 0);
    expect(k.getPdeathSignal(t)).toBe(0);
  });

  it('is not inherited: a new task starts without one (copy_process)', () => {
    const k = kernel();
    const t = k.clone(k.initTask, 0);
    k.setPdeathSignal(t, SIGKILL);
    expect(k.clone(t, 0).pdeathSignal).toBe(0);
  });
});

describe('the parent-death signal (forget_original_parent, C10.10)', () => {
  it('kills the child when its parent exits, and only a child that asked for it', () => {
    const k = kernel();
    const parent = k.clone(k.initTask, 0);
    const asked = k.clone(parent, 0);
    const other = k.clone(parent, 0);
    k.setPdeathSignal(asked, SIGKILL);
    k.exit(parent);
    expect(asked.state).toBe('zombie');
    expect(asked.exitStatus).toBe(SIGKILL);
    expect(other.state).toBe('running');
    // Both went to init, the reaper.
    expect(other.parent).toBe(k.initTask);
  });

  it('is a signal like any other: a handled or ignored one does not kill', () => {
    const k = kernel();
    const parent = k.clone(k.initTask, 0);
    const handles = k.clone(parent, 0);
    const ignores = k.clone(parent, 0);
    k.setPdeathSignal(handles, SIGUSR1);
    k.sigaction(handles, SIGUSR1, 'handle');
    k.setPdeathSignal(ignores, SIGTERM);
    k.sigaction(ignores, SIGTERM, 'ignore');
    k.exit(parent);
    expect(handles.state).toBe('running');
    expect(ignores.state).toBe('running');
  });

  it('comes when the creating thread exits, though its process lives on', () => {
    const k = kernel();
    const parent = k.clone(k.initTask, 0);
    const thread = k.clone(parent, THREAD);
    const child = k.clone(thread, 0);
    k.setPdeathSignal(child, SIGTERM);
    k.exit(thread);
    expect(parent.state).toBe('running');
    expect(child.parent).toBe(parent);
    expect(child.state).toBe('zombie');
    expect(child.exitStatus).toBe(SIGTERM);
  });

  it('is cleared when the child changes its ids (commit_creds), so it survives', () => {
    const k = kernel();
    const parent = k.clone(k.initTask, 0);
    const child = k.clone(parent, 0);
    k.setPdeathSignal(child, SIGKILL);
    k.setresuid(child, 1000, 1000, 1000);
    expect(k.getPdeathSignal(child)).toBe(0);
    k.exit(parent);
    expect(child.state).toBe('running');
  });

  it('is dropped when the dying parent may not signal the child (its credentials, check_kill_permission)', () => {
    const k = kernel();
    const parent = k.clone(k.initTask, 0);
    const child = k.clone(parent, 0);
    k.setPdeathSignal(child, SIGKILL);
    // The parent becomes uid 1000 with no capability; the root child keeps its signal (its ids did not change).
    k.setresuid(parent, 1000, 1000, 1000);
    expect(() => k.exit(parent)).not.toThrow();
    expect(child.state).toBe('running');
  });

  it('kills a pid namespace init (from outside its namespace SIGKILL is not ignored), and with it the namespace (unshare --kill-child)', () => {
    const k = kernel();
    const unshare = k.clone(k.initTask, 0);
    const init = k.clone(unshare, CLONE_NEWPID);
    k.setPdeathSignal(init, SIGKILL);
    const inner = k.clone(init, 0);
    expect(k.pidOf(init, init)).toBe(1);
    k.exit(unshare);
    expect(init.alive).toBe(false);
    expect(inner.alive).toBe(false);
  });

  it('a SIGTERM does not kill that init: it has no handler, and an init ignores what it does not handle', () => {
    const k = kernel();
    const unshare = k.clone(k.initTask, 0);
    const init = k.clone(unshare, CLONE_NEWPID);
    k.setPdeathSignal(init, SIGTERM);
    k.exit(unshare);
    expect(init.state).toBe('running');
  });

  it('reaches an unprivileged child in a user namespace it made (the same kernel uid)', () => {
    const k = kernel();
    const parent = k.clone(k.initTask, 0);
    k.setresuid(parent, 1000, 1000, 1000);
    const child = k.clone(parent, CLONE_NEWUSER);
    k.setPdeathSignal(child, SIGKILL);
    k.exit(parent);
    expect(child.alive).toBe(false);
  });

  it('survives a snapshot', () => {
    const k = kernel();
    const parent = k.clone(k.initTask, 0);
    const child = k.clone(parent, 0);
    k.setPdeathSignal(child, SIGKILL);
    const restored = Kernel.restore(k.snapshot(), { namespaces: [nestedUserType, nestedPidType] });
    const again = restored.tasks().find((t) => t.serial === child.serial);
    expect(again?.pdeathSignal).toBe(SIGKILL);
  });
});

describe('the pdeathsig scenario op (core\'s area, an extension of the format)', () => {
  it('sets the actor\'s signal, which kills it when its parent exits; init\'s own is the runner\'s (a runner error)', async () => {
    const parse = (text: string): ReturnType<typeof parseScenario> => parseScenario(text, 't.nss', composeAreas([coreArea]));
    // Core's area alone: no pid namespace of init's own, so init is 2 and its children 3 and 4.
    const sim = createSimBackend({ areas: [coreArea] });
    const ok = await runScenario(parse('init: clone a -  => 3\na: clone b -  => 4\nb: pdeathsig SIGKILL  => ok\na: exit  => ok\ninit: alive b  => no\n'), sim);
    expect(ok.failures).toEqual([]);
    const refused = await runScenario(parse('init: pdeathsig SIGKILL  => ok\n'), sim);
    expect(refused.status).toBe('fail');
    expect(refused.failures[0]?.actual).toContain("refusing pdeathsig for init: its parent-death signal is the runner's");
  });
});
