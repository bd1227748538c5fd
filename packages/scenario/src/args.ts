/**
 * Argument words of the extension ops that both backends read: defined once
 * here, so that the simulated backend and the real one (`@nsproxy/linux`)
 * cannot drift apart.
 */

/** An integer word: decimal (maybe negative) or 0x-hex; undefined when it is neither. */
export function integerArg(word: string): number | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(word)) return Number.parseInt(word.slice(2), 16);
  if (/^-?[0-9]+$/.test(word)) return Number(word);
  return undefined;
}

/** The `msgrcv` flag words and their bits (include/uapi/linux/msg.h; IPC_NOWAIT is always added). */
export const MSGRCV_FLAG_BITS: Readonly<Record<string, number>> = Object.freeze({ noerror: 0o10000, except: 0o20000, copy: 0o40000 });

/** One operation of `semop`'s list: `<num>:<op>`. */
export const SEM_OP_ITEM: RegExp = /^[0-9]+:-?[0-9]+$/;

/** `semop`'s operations, `<num>:<op>[,<num>:<op>...]` or `-` (none); undefined when malformed. */
export function semOpsArg(word: string): { readonly num: number; readonly op: number }[] | undefined {
  if (word === '-') return [];
  const items = word.split(',');
  if (!items.every((item) => SEM_OP_ITEM.test(item))) return undefined;
  return items.map((item) => {
    const [num = '', op = ''] = item.split(':');
    return { num: Number(num), op: Number(op) };
  });
}

/**
 * Why a write of a `user.*` sysctl by a task of the world's initial user
 * namespace is refused, on both backends, as a runner error: on the real
 * kernel that namespace is the runner's (the host's, as root).
 */
export function userSysctlRefusal(name: string): string {
  return `refusing to write ${name} from the world's initial user namespace (the host's, when run as root); write user.* from a user namespace the scenario created`;
}
