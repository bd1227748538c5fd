/** The ipc scenario area: its argument words carry the bits @nsproxy/ipc models. */
import { describe, expect, it } from 'vitest';
import { MSGRCV_FLAG_BITS } from '@nsproxy/scenario/contract';
import { MSG_COPY, MSG_EXCEPT, MSG_NOERROR } from './index.ts';
import { IPC_OPS, ipcArea, parseIpcKey } from './scenario.ts';

describe('ipc scenario area', () => {
  it('msgrcv flag words carry the kernel\'s bits (the ones @nsproxy/ipc models)', () => {
    expect(MSGRCV_FLAG_BITS).toEqual({ noerror: MSG_NOERROR, except: MSG_EXCEPT, copy: MSG_COPY });
  });

  it('ipc keys: decimal, 0x-hex, IPC_PRIVATE, as a 32-bit key_t', () => {
    expect(['1', '0x10', '-1', 'IPC_PRIVATE', '4294967295'].map(parseIpcKey)).toEqual([1, 16, -1, 0, -1]);
    expect(() => parseIpcKey('key')).toThrow(/not an ipc key/);
  });

  it('implements every op it specifies, and brings the ipc type and sysctls', () => {
    expect(Object.keys(ipcArea.sim).sort()).toEqual(IPC_OPS.map((s) => s.name).sort());
    expect(ipcArea.types.map((t) => t.name)).toEqual(['ipc']);
    expect(ipcArea.sysctls?.[0]?.names).toContain('kernel.shmmni');
  });
});
