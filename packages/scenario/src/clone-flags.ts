/**
 * The flags argument of the `clone` and `unshare` extension forms
 * (`clone <name> <types> <flags>`, `unshare <types> <flags>`): the clone
 * flags other than CLONE_NEW* (include/uapi/linux/sched.h) by name, and raw
 * bits that Linux 6.18 refuses whatever else is asked. Both backends read it
 * here, so they cannot drift apart.
 */

/** CLONE_VM, CLONE_SIGHAND and CLONE_THREAD: a child of these shares its creator's memory. */
const CLONE_VM = 0x100n;
const CLONE_FS = 0x200n;
const CLONE_SIGHAND = 0x800n;
const CLONE_THREAD = 0x10000n;
const CLONE_NEWNS = 0x20000n;
const CLONE_NEWUSER = 0x10000000n;
const CLONE_NEWPID = 0x20000000n;
/** CSIGNAL but CLONE_NEWTIME (0x80, which reuses one of its bits), and CLONE_DETACHED: clone3 refuses them (clone3_args_valid). */
const CLONE3_REFUSED = 0x7fn | 0x400000n;
/** CLONE_CLEAR_SIGHAND (bit 32, clone3 only). */
const CLONE_CLEAR_SIGHAND = 0x1_0000_0000n;
/** Bits 34 to 52: no clone flag of Linux 6.18 (clone3 knows the 32 legacy bits, CLONE_CLEAR_SIGHAND and CLONE_INTO_CGROUP). */
const UNKNOWN_BITS = ((1n << 53n) - 1n) & ~((1n << 34n) - 1n);

/** The flag words and their bits (include/uapi/linux/sched.h). */
export const CLONE_FLAG_WORDS: Readonly<Record<string, bigint>> = Object.freeze({
  vm: CLONE_VM,
  fs: CLONE_FS,
  files: 0x400n,
  sighand: CLONE_SIGHAND,
  parent: 0x8000n,
  thread: CLONE_THREAD,
  sysvsem: 0x40000n,
  clear_sighand: CLONE_CLEAR_SIGHAND,
});

/**
 * The raw bits a flags argument may add as `0x` hex: those no flag word names
 * and that Linux refuses in every call (`EINVAL`): the exit-signal bits
 * (CSIGNAL, but CLONE_NEWTIME's 0x80), CLONE_DETACHED (0x400000), and the
 * unknown bits 34 to 52. A known flag is written as its word or as a type; the
 * others (CLONE_VFORK, CLONE_SETTLS, CLONE_PIDFD, ...) would need arguments
 * that the format has not.
 */
export const CLONE_RAW_BITS: bigint = CLONE3_REFUSED | UNKNOWN_BITS;

/**
 * Why a flags argument is not a comma-joined list of flag words and raw `0x`
 * bits (each item once), or undefined when it is one. `offset` is where the
 * bad item starts.
 */
export function cloneFlagsProblem(word: string): { readonly message: string; readonly offset: number } | undefined {
  const seen = new Set<string>();
  let offset = 0;
  for (const item of word.split(',')) {
    if (item === '') return { message: `empty item in the flag list '${word}'`, offset };
    if (seen.has(item)) return { message: `flag '${item}' listed twice`, offset };
    seen.add(item);
    if (CLONE_FLAG_WORDS[item] === undefined) {
      if (!/^0[xX][0-9a-fA-F]+$/.test(item)) {
        return { message: `expected flag words (${Object.keys(CLONE_FLAG_WORDS).join(' ')}) or 0x bits, found '${item}'`, offset };
      }
      const bits = BigInt(item);
      if (bits === 0n || (bits & ~CLONE_RAW_BITS) !== 0n) {
        return { message: `raw bits ${item} must be bits that Linux refuses in any call: the exit-signal bits 0x7f, CLONE_DETACHED 0x400000 or unknown bits 0x400000000..0x10000000000000 (a known flag is written as its word)`, offset };
      }
    }
    offset += item.length + 1;
  }
  return undefined;
}

/** The bits of a valid flags argument (see {@link cloneFlagsProblem}); 0n for `-` or none. */
export function cloneFlagsArg(word: string | undefined): bigint {
  if (word === undefined || word === '-') return 0n;
  let flags = 0n;
  for (const item of word.split(',')) flags |= CLONE_FLAG_WORDS[item] ?? BigInt(item);
  return flags;
}

/**
 * Whether copy_process refuses these clone3 flags by the flags alone, before
 * looking at anything else (clone3_args_valid, then copy_process's checks of
 * CLONE_NEWNS|CLONE_FS, CLONE_NEWUSER|CLONE_FS, CLONE_THREAD without
 * CLONE_SIGHAND, CLONE_SIGHAND without CLONE_VM, CLONE_THREAD with
 * CLONE_NEWUSER or CLONE_NEWPID).
 */
export function cloneRefusedByFlags(flags: bigint): boolean {
  const has = (bit: bigint): boolean => (flags & bit) !== 0n;
  return (flags & UNKNOWN_BITS) !== 0n || has(CLONE3_REFUSED) || (has(CLONE_CLEAR_SIGHAND) && has(CLONE_SIGHAND)) ||
    (has(CLONE_FS) && (has(CLONE_NEWNS) || has(CLONE_NEWUSER))) ||
    (has(CLONE_THREAD) && !has(CLONE_SIGHAND)) || (has(CLONE_SIGHAND) && !has(CLONE_VM)) ||
    (has(CLONE_THREAD) && (has(CLONE_NEWUSER) || has(CLONE_NEWPID)));
}

/**
 * Why a `clone` is refused, on both backends, as a parse error: with `vm`,
 * `sighand` or `thread`, a clone that Linux would not refuse by its flags
 * alone makes a task sharing its creator's memory, which no task of the format
 * is (each is a process of its own). `flags` holds every bit the step asks
 * for, namespace types included.
 */
export function cloneSharingRefusal(flags: bigint): string | undefined {
  if ((flags & (CLONE_VM | CLONE_SIGHAND | CLONE_THREAD)) === 0n || cloneRefusedByFlags(flags)) return undefined;
  return 'a clone with vm, sighand or thread is only written where Linux refuses its flags (e.g. thread without sighand, sighand without vm): otherwise it makes a task sharing its creator\'s memory, and a task of the format is a process';
}
