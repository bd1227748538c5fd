/**
 * The credential state setpriv, su and unshare --keep-caps change (caps.ts
 * and core's Cred): supplementary groups, securebits, no_new_privs, the
 * bounding and ambient sets, and execve's capability rules; each kept by a
 * fork and by a kernel snapshot.
 */
import { describe, expect, it } from 'vitest';
import { CAP_FULL_SET, CAP_SYS_ADMIN, CLONE_NEWUSER, Kernel, SECBIT_NOROOT, SECBIT_NO_SETUID_FIXUP, SIGCHLD, capBit } from '@nsproxy/core';
import { execCaps, getgroups, prctlCapAmbient, prctlCapbsetDrop, prctlGetSecurebits, prctlSetKeepCaps, prctlSetNoNewPrivs, prctlSetSecurebits, setgroups, userNamespaceType } from './index.ts';

function kernel(): Kernel {
  const k = new Kernel({ namespaces: [userNamespaceType] });
  k.sigaction(k.initTask, SIGCHLD, 'ignore');
  return k;
}

describe('credential state beyond the ids', () => {
  it('setgroups keeps the list sorted with its repeats; getgroups reads it; a fork shares it', () => {
    const k = kernel();
    const t = k.clone(k.initTask, 0);
    setgroups(k, t, [5, 2, 5]);
    expect(getgroups(k, t)).toEqual([2, 5, 5]);
    expect(getgroups(k, k.clone(t, 0))).toEqual([2, 5, 5]);
    expect(getgroups(k, k.initTask)).toEqual([]);
  });

  it('no_new_privs is set once and inherited by children', () => {
    const k = kernel();
    const t = k.clone(k.initTask, 0);
    prctlSetNoNewPrivs(k, t);
    expect(k.clone(t, 0).noNewPrivs).toBe(true);
    expect(() => prctlSetNoNewPrivs(k, t, 0)).toThrow(expect.objectContaining({ code: 'EINVAL' }) as Error);
  });

  it('PR_SET_SECUREBITS: a locked bit cannot change; without CAP_SETPCAP nothing can; keep-caps is SECBIT_KEEP_CAPS', () => {
    const k = kernel();
    const t = k.clone(k.initTask, 0);
    prctlSetSecurebits(k, t, SECBIT_NOROOT | (SECBIT_NOROOT << 1));
    expect(() => prctlSetSecurebits(k, t, 0)).toThrow(expect.objectContaining({ code: 'EPERM' }) as Error);
    prctlSetKeepCaps(k, t, 1);
    expect(prctlGetSecurebits(k, t)).toBe(0b10011);
    const u = k.clone(k.initTask, 0);
    k.setresuid(u, 1000, 1000, 1000);
    expect(() => prctlSetSecurebits(k, u, SECBIT_NOROOT)).toThrow(expect.objectContaining({ code: 'EPERM' }) as Error);
  });

  it('PR_SET_SECUREBITS: the exec bits (Linux 6.14) and their locks need no CAP_SETPCAP, but no change at all does; unknown bits are refused', () => {
    const k = kernel();
    const u = k.clone(k.initTask, 0);
    k.setresuid(u, 1000, 1000, 1000);
    const eperm = (bits: number): void => expect(() => prctlSetSecurebits(k, u, bits)).toThrow(expect.objectContaining({ code: 'EPERM', rule: 'U6.1' }) as Error);
    eperm(0); // no change: refused "for legacy reason"
    prctlSetSecurebits(k, u, 0x100); // SECBIT_EXEC_RESTRICT_FILE
    prctlSetSecurebits(k, u, 0x700); // its lock, and SECBIT_EXEC_DENY_INTERACTIVE
    expect(prctlGetSecurebits(k, u)).toBe(0x700);
    eperm(0x600); // the locked bit
    eperm(0x710); // SECBIT_KEEP_CAPS is privileged
    prctlSetSecurebits(k, u, 0x300);
    expect(prctlGetSecurebits(k, u)).toBe(0x300);
    const t = k.clone(k.initTask, 0);
    for (const bits of [0x1000, 0x100000000, -1]) expect(() => prctlSetSecurebits(k, t, bits)).toThrow(expect.objectContaining({ code: 'EPERM' }) as Error);
    expect(prctlGetSecurebits(k, t)).toBe(0);
  });

  it('execve: root gets the bounding set unless SECBIT_NOROOT; others keep only the ambient set', () => {
    const k = kernel();
    const t = k.clone(k.initTask, 0);
    prctlCapbsetDrop(k, t, CAP_SYS_ADMIN);
    execCaps(k, t);
    expect(t.cred.capEffective).toBe(CAP_FULL_SET & ~capBit(CAP_SYS_ADMIN));
    const n = k.clone(k.initTask, 0);
    prctlSetSecurebits(k, n, SECBIT_NOROOT);
    execCaps(k, n);
    expect(n.cred.capPermitted).toBe(0n);
    // unshare -U --keep-caps: an unmapped uid with every capability in its new user namespace, one of them ambient.
    const a = k.clone(k.initTask, 0);
    k.setresuid(a, 1000, 1000, 1000);
    k.unshare(a, CLONE_NEWUSER);
    k.capset(a, { effective: CAP_FULL_SET, permitted: CAP_FULL_SET, inheritable: capBit(CAP_SYS_ADMIN) });
    prctlCapAmbient(k, a, 'raise', CAP_SYS_ADMIN);
    execCaps(k, a);
    expect(a.cred.capEffective).toBe(capBit(CAP_SYS_ADMIN));
    expect(a.dumpable).toBe(true);
  });

  it('SECBIT_NO_SETUID_FIXUP keeps the capabilities across a change from root to another uid', () => {
    const k = kernel();
    const t = k.clone(k.initTask, 0);
    prctlSetSecurebits(k, t, SECBIT_NO_SETUID_FIXUP);
    k.setresuid(t, 1000, 1000, 1000);
    expect(t.cred.capEffective).toBe(CAP_FULL_SET);
  });

  it('a snapshot keeps the groups, the securebits and no_new_privs', () => {
    const k = kernel();
    const t = k.clone(k.initTask, 0);
    setgroups(k, t, [3, 1]);
    prctlSetSecurebits(k, t, SECBIT_NOROOT);
    prctlSetNoNewPrivs(k, t);
    const r = Kernel.restore(JSON.parse(JSON.stringify(k.snapshot())) as ReturnType<Kernel['snapshot']>, { namespaces: [userNamespaceType] });
    const t2 = r.tasks().find((x) => x.serial === t.serial);
    expect(t2?.cred.groups).toEqual([1, 3]);
    expect(t2?.cred.securebits).toBe(SECBIT_NOROOT);
    expect(t2?.noNewPrivs).toBe(true);
  });
});
