/**
 * The per-task files of user namespaces: /proc/PID/uid_map, gid_map,
 * projid_map and setgroups. Mirrors fs/proc/base.c (proc_id_map_open,
 * proc_setgroups_open, task_dump_owner: who owns the inode) and
 * kernel/user_namespace.c (proc_uid_map_write, map_write, verify_root_map,
 * new_idmap_permitted, uid_m_show, proc_setgroups_write/show).
 *
 * A file is opened by one task (its credentials are the file's f_cred, and the
 * namespace is the target's user namespace at open time) and may be written
 * by another; `writeUidMap` and friends open and write as the same task.
 */
import {
  CAP_SETFCAP, CAP_SETGID, CAP_SETUID, CAP_SYS_ADMIN, badArgument, checkAlive, checkData, checkOptions, checkTask, fail, fromKgid, fromKuid, inodePermission, makeKgid, makeKuid,
  nsCapable,
} from '@nsproxy/core';
import type { Cred, IdExtent, InodeAttrs, Kernel, Task, UserNamespace } from '@nsproxy/core';
import { PAGE_SIZE, UID_GID_MAP_MAX_BASE_EXTENTS, formatIdMapLine, kernelIsSpace, mapIdRangeDown, parseIdMap, storedOrder, utf8Bytes } from './idmap.ts';

/** The id map files of /proc/PID. */
export type IdMapFile = 'uid_map' | 'gid_map' | 'projid_map';
/** Every user-namespace file of /proc/PID. */
export type UserProcFile = IdMapFile | 'setgroups';

/** An open /proc/PID/<file> of a user namespace (a struct file with its seq_file). */
export interface UserNsFile {
  readonly file: UserProcFile;
  /** The target task's user namespace when the file was opened (seq->private). */
  readonly ns: UserNamespace;
  /** The opener's credentials (file->f_cred). */
  readonly cred: Cred;
  readonly read: boolean;
  readonly write: boolean;
}

/** Mode of these files: S_IRUGO|S_IWUSR. */
export const USERNS_FILE_MODE = 0o644;

/**
 * The owner of a task's /proc/PID files (task_dump_owner): the task's euid and
 * egid; for a non-dumpable task, root of its mm's user namespace (global root
 * when that has no mapping).
 */
export function procInodeOwner(task: Task): InodeAttrs {
  if (task.dumpable) return { uid: task.cred.euid, gid: task.cred.egid, mode: USERNS_FILE_MODE };
  const uid = makeKuid(task.mmUserNs, 0);
  const gid = makeKgid(task.mmUserNs, 0);
  return { uid: uid < 0 ? 0 : uid, gid: gid < 0 ? 0 : gid, mode: USERNS_FILE_MODE };
}

const USER_PROC_FILES: readonly UserProcFile[] = ['uid_map', 'gid_map', 'projid_map', 'setgroups'];

/** An open file of openUserNsFile (what the write and read calls take). */
function checkUserNsFile(f: unknown, sys: string): asserts f is UserNsFile {
  if (typeof f !== 'object' || f === null || !USER_PROC_FILES.includes((f as { file?: unknown }).file as UserProcFile)) {
    badArgument(sys, 'f', 'a file from openUserNsFile', f);
  }
}

/**
 * open(2) of /proc/<target>/<file>: ENOENT for a task that is gone, EACCES from
 * the inode's permission bits (generic_permission), and for setgroups opened
 * for writing EACCES without CAP_SYS_ADMIN in the target's user namespace.
 */
export function openUserNsFile(
  kernel: Kernel, opener: Task, target: Task, file: UserProcFile, mode: { read?: boolean; write?: boolean },
): UserNsFile {
  const sys = 'open';
  checkAlive(kernel, opener, sys, 'opener');
  checkTask(kernel, target, sys, 'target');
  if (!USER_PROC_FILES.includes(file)) badArgument(sys, 'file', USER_PROC_FILES.join(', '), file);
  checkOptions(mode, sys, 'mode');
  if (mode === undefined) badArgument(sys, 'mode', 'an object', mode);
  if (!target.alive) fail('ENOENT', sys, 'the task has exited', 'U2.23');
  const read = mode.read ?? !mode.write;
  const write = mode.write ?? false;
  const inode = procInodeOwner(target);
  if (write && !inodePermission(opener.cred, inode, 2)) fail('EACCES', sys, `${file} is not writable by the opener`, 'U2.1');
  if (read && !inodePermission(opener.cred, inode, 4)) fail('EACCES', sys, `${file} is not readable by the opener`, 'U2.1');
  const ns = target.cred.userNs;
  if (file === 'setgroups' && write && !nsCapable(opener.cred, ns, CAP_SYS_ADMIN)) {
    fail('EACCES', sys, 'writing setgroups needs CAP_SYS_ADMIN in the user namespace', 'U2.18');
  }
  return { file, ns, cred: opener.cred, read, write };
}

function mapOf(ns: UserNamespace, file: IdMapFile): readonly IdExtent[] {
  return file === 'uid_map' ? ns.uidMap : file === 'gid_map' ? ns.gidMap : ns.projidMap;
}

/** Installs a map; `extents` is a new array of the write's own, frozen here rather than copied again. */
function setMap(ns: UserNamespace, file: IdMapFile, extents: IdExtent[]): void {
  const frozen = Object.freeze(extents);
  if (file === 'uid_map') ns.uidMap = frozen;
  else if (file === 'gid_map') ns.gidMap = frozen;
  else ns.projidMap = frozen;
}

/** Whether a map write holds nothing but blanks and newlines before its first NUL (no line can hold an extent). */
function onlyBlanks(bytes: Uint8Array, length: number): boolean {
  for (let i = 0; i < length; i++) {
    const b = bytes[i] as number;
    if (b === 0) return true;
    if (!kernelIsSpace(b)) return false;
  }
  return true;
}

/**
 * The kernel page a map write is copied into (map_write's memdup_user_nul),
 * for an ASCII string (every map line): one buffer for every write, not a
 * new array each; only its first `length` bytes are the write's, and it is
 * read only until the write returns.
 */
const MAP_WRITE_PAGE = new Uint8Array(PAGE_SIZE);

/** Copies an ASCII string shorter than a page into MAP_WRITE_PAGE; false (the page then holds junk) for anything else. */
function copyAsciiToPage(s: string): boolean {
  if (s.length >= PAGE_SIZE) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return false;
    MAP_WRITE_PAGE[i] = c;
  }
  return true;
}

function asBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? utf8Bytes(data) : data;
}

/**
 * verify_root_map: a map whose lower ids include the parent's 0 (uid_map only)
 * needs CAP_SETFCAP: from inside the namespace, its creator must have had it
 * (parent_could_setfcap); from the parent, the opener needs it there.
 */
function verifyRootMap(f: UserNsFile, extents: readonly IdExtent[]): boolean {
  let mapsRoot = false;
  for (let i = 0; i < extents.length; i++) if ((extents[i] as IdExtent).lowerFirst === 0) mapsRoot = true;
  if (!mapsRoot) return true;
  const fileNs = f.cred.userNs;
  if (f.ns === fileNs) return fileNs.parentCouldSetfcap;
  const parent = f.ns.parent;
  return parent !== null && nsCapable(f.cred, parent, CAP_SETFCAP);
}

/**
 * new_idmap_permitted after its first check, the root-mapping rule of uid_map
 * (`verifyRootMap`, which the caller checks first): one extent of one id
 * mapping the opener's own euid (uid_map) or egid once setgroups is "deny"
 * (gid_map) when the opener owns the namespace, then anything for
 * projid_map, then CAP_SETUID/CAP_SETGID over the parent for both the writer
 * and the opener.
 */
function newIdmapPermitted(f: UserNsFile, writer: Cred, file: IdMapFile, extents: readonly IdExtent[]): boolean {
  const ns = f.ns;
  const parent = ns.parent;
  if (!parent) return false;
  const opener = f.cred;
  const [only] = extents;
  if (extents.length === 1 && only && only.count === 1 && ns.owner === opener.euid) {
    if (file === 'uid_map' && makeKuid(parent, only.lowerFirst) === opener.euid) return true;
    if (file === 'gid_map' && !ns.setgroupsAllowed && makeKgid(parent, only.lowerFirst) === opener.egid) return true;
  }
  if (file === 'projid_map') return true;
  const cap = file === 'uid_map' ? CAP_SETUID : CAP_SETGID;
  return nsCapable(writer, parent, cap) && nsCapable(opener, parent, cap);
}

/**
 * write(2) to an open map file (proc_uid_map_write and map_write), checked in
 * the kernel's order: a map of the initial namespace (EPERM); an opener whose
 * user namespace is neither the target nor its parent (EPERM); a write of
 * PAGE_SIZE bytes or more (EINVAL); a map already written (EPERM); an opener
 * without CAP_SYS_ADMIN over the namespace (EPERM, not for projid_map); the
 * text (EINVAL: syntax, (u32)-1 ids, zero or wrapping counts, overlaps, more
 * than 340 lines, no line); the permission rules (EPERM); every lower range
 * inside one extent of the parent's map (EPERM). Returns the bytes written.
 */
export function writeIdMapFile(kernel: Kernel, writer: Task, f: UserNsFile, data: string | Uint8Array): number {
  const sys = 'write';
  checkAlive(kernel, writer, sys, 'writer');
  checkUserNsFile(f, sys);
  checkData(data, sys, 'data');
  const file = f.file;
  if (file === 'setgroups') throw new Error('writeIdMapFile: not an id map file');
  if (!f.write) fail('EBADF', sys, 'the file is not open for writing', 'U2.24');
  const inPage = typeof data === 'string' && copyAsciiToPage(data);
  const bytes = inPage ? MAP_WRITE_PAGE : asBytes(data);
  const length = inPage ? data.length : bytes.length;
  const ns = f.ns;
  const parent = ns.parent;
  if (!parent) fail('EPERM', sys, 'the maps of the initial user namespace are fixed', 'U2.3');
  const seqNs = f.cred.userNs;
  if (seqNs !== ns && seqNs !== parent) fail('EPERM', sys, 'the opener is neither in the namespace nor in its parent', 'U2.4');
  if (length >= PAGE_SIZE) fail('EINVAL', sys, `a map write must be shorter than ${PAGE_SIZE} bytes`, 'U2.5');
  if (mapOf(ns, file).length !== 0) fail('EPERM', sys, `${file} was written already`, 'U2.6');
  if (file !== 'projid_map' && !nsCapable(f.cred, ns, CAP_SYS_ADMIN)) fail('EPERM', sys, 'the opener needs CAP_SYS_ADMIN over the namespace', 'U2.7');
  const parsed = parseIdMap(bytes, length);
  if (!parsed.ok) {
    const detail = `${file} line ${parsed.line}: ${parsed.error}`;
    switch (parsed.error) {
      case 'syntax':
        // A write with no text at all fails on its first, empty line: it has no extent.
        if (onlyBlanks(bytes, length)) return fail('EINVAL', sys, detail, 'U2.13');
        return fail('EINVAL', sys, detail, 'U2.8');
      case 'invalid-id': return fail('EINVAL', sys, detail, 'U2.9');
      case 'bad-count': return fail('EINVAL', sys, detail, 'U2.10');
      case 'overlap': return fail('EINVAL', sys, detail, 'U2.11');
      case 'too-many': return fail('EINVAL', sys, detail, 'U2.12');
      case 'empty': return fail('EINVAL', sys, detail, 'U2.13');
    }
  }
  // new_idmap_permitted starts with verify_root_map; its refusal has a rule of its own.
  if (file === 'uid_map' && !verifyRootMap(f, parsed.extents)) fail('EPERM', sys, `this ${file} is not permitted for the writer and the opener`, 'U2.14a');
  if (!newIdmapPermitted(f, writer.cred, file, parsed.extents)) fail('EPERM', sys, `this ${file} is not permitted for the writer and the opener`, 'U2.14');
  const parentMap = mapOf(parent, file);
  // map_write's second loop: each lower range translated in place in new_map, a failure leaving the
  // namespace's map untouched. The parsed array is this write's own (new_map), so no copy is made.
  const extents = parsed.extents as IdExtent[];
  for (let i = 0; i < extents.length; i++) {
    const e = extents[i] as IdExtent;
    const lower = mapIdRangeDown(parentMap, e.lowerFirst, e.count);
    if (lower < 0) fail('EPERM', sys, `lower ids ${e.lowerFirst}..${e.lowerFirst + e.count - 1} are not inside one extent of the parent's map`, 'U2.15');
    extents[i] = { first: e.first, lowerFirst: lower, count: e.count };
  }
  // storedOrder copies: only when it sorts (more than UID_GID_MAP_MAX_BASE_EXTENTS).
  setMap(ns, file, extents.length > UID_GID_MAP_MAX_BASE_EXTENTS ? storedOrder(extents) : extents);
  return length;
}

/**
 * read(2) of an open map file (uid_m_show): one `%10u %10u %10u` line per
 * extent; the lower id is shown in the opener's user namespace, or in the
 * parent when the opener is inside the namespace itself; (u32)-1 when it has
 * no mapping there.
 */
export function readIdMapFile(f: UserNsFile): string {
  checkUserNsFile(f, 'read');
  const file = f.file;
  if (file === 'setgroups') throw new Error('readIdMapFile: not an id map file');
  if (!f.read) fail('EBADF', 'read', 'the file is not open for reading', 'U2.25');
  let lowerNs = f.cred.userNs;
  if (lowerNs === f.ns && lowerNs.parent) lowerNs = lowerNs.parent;
  const up = file === 'uid_map' ? fromKuid : file === 'gid_map' ? fromKgid : (n: UserNamespace, id: number): number => mapUp(n.projidMap, id);
  let out = '';
  for (const e of mapOf(f.ns, file)) {
    const lower = up(lowerNs, e.lowerFirst);
    out += formatIdMapLine(e.first, lower < 0 ? 4294967295 : lower, e.count);
  }
  return out;
}

function mapUp(map: readonly IdExtent[], kid: number): number {
  for (const e of map) if (kid >= e.lowerFirst && kid - e.lowerFirst < e.count) return e.first + (kid - e.lowerFirst);
  return -1;
}

/**
 * write(2) to an open setgroups file (proc_setgroups_write): fewer than 8 bytes
 * (EINVAL); `allow` or `deny` at the start, then only blanks (EINVAL); `deny`
 * once gid_map is written (EPERM); `allow` after `deny` (EPERM).
 */
export function writeSetgroupsFile(kernel: Kernel, writer: Task, f: UserNsFile, data: string | Uint8Array): number {
  const sys = 'write';
  checkAlive(kernel, writer, sys, 'writer');
  checkUserNsFile(f, sys);
  checkData(data, sys, 'data');
  if (f.file !== 'setgroups') throw new Error('writeSetgroupsFile: not a setgroups file');
  if (!f.write) fail('EBADF', sys, 'the file is not open for writing', 'U2.24');
  const bytes = asBytes(data);
  if (bytes.length >= 8) fail('EINVAL', sys, 'setgroups takes "allow" or "deny"', 'U2.22');
  let end = bytes.indexOf(0);
  if (end < 0) end = bytes.length;
  const text = String.fromCharCode(...bytes.subarray(0, end));
  let rest: string;
  let allow: boolean;
  if (text.startsWith('allow')) {
    allow = true;
    rest = text.slice(5);
  } else if (text.startsWith('deny')) {
    allow = false;
    rest = text.slice(4);
  } else return fail('EINVAL', sys, 'setgroups takes "allow" or "deny"', 'U2.22');
  for (let i = 0; i < rest.length; i++) if (!isSpace(rest.charCodeAt(i))) fail('EINVAL', sys, 'junk after the word', 'U2.22');
  const ns = f.ns;
  if (allow) {
    if (!ns.setgroupsAllowed) fail('EPERM', sys, 'setgroups was denied: it cannot be allowed again', 'U2.19');
  } else {
    if (ns.gidMap.length !== 0) fail('EPERM', sys, 'gid_map is written: setgroups can no longer be denied', 'U2.19');
    ns.setgroupsAllowed = false;
  }
  return bytes.length;
}

function isSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d) || b === 0xa0;
}

/** read(2) of setgroups (proc_setgroups_show): `allow\n` or `deny\n`. */
export function readSetgroupsFile(f: UserNsFile): string {
  checkUserNsFile(f, 'read');
  if (f.file !== 'setgroups') throw new Error('readSetgroupsFile: not a setgroups file');
  if (!f.read) fail('EBADF', 'read', 'the file is not open for reading', 'U2.25');
  return f.ns.setgroupsAllowed ? 'allow\n' : 'deny\n';
}

/** The open mode of the write helpers below (one object, not one per call). */
const FOR_WRITE: { readonly write: true } = Object.freeze({ write: true });

/** Opens `target`'s uid_map as `writer` and writes `data` (open + write + close); returns the bytes written. */
export function writeUidMap(kernel: Kernel, writer: Task, target: Task, data: string | Uint8Array): number {
  return writeIdMapFile(kernel, writer, openUserNsFile(kernel, writer, target, 'uid_map', FOR_WRITE), data);
}

/** The same for gid_map. */
export function writeGidMap(kernel: Kernel, writer: Task, target: Task, data: string | Uint8Array): number {
  return writeIdMapFile(kernel, writer, openUserNsFile(kernel, writer, target, 'gid_map', FOR_WRITE), data);
}

/** The same for projid_map (no capability rules: any valid ranges mapped in the parent). */
export function writeProjidMap(kernel: Kernel, writer: Task, target: Task, data: string | Uint8Array): number {
  return writeIdMapFile(kernel, writer, openUserNsFile(kernel, writer, target, 'projid_map', { write: true }), data);
}

/** Writes `allow` or `deny` (or any text, checked like the kernel) to `target`'s setgroups file as `writer`. */
export function writeSetgroups(kernel: Kernel, writer: Task, target: Task, data: string | Uint8Array): number {
  return writeSetgroupsFile(kernel, writer, openUserNsFile(kernel, writer, target, 'setgroups', { write: true }), data);
}

/** Reads `target`'s uid_map, gid_map or projid_map as `reader` sees it (the kernel's text). */
export function readIdMap(kernel: Kernel, reader: Task, target: Task, file: IdMapFile): string {
  return readIdMapFile(openUserNsFile(kernel, reader, target, file, { read: true }));
}

/** Reads `target`'s setgroups file: `allow\n` or `deny\n`. */
export function readSetgroups(kernel: Kernel, reader: Task, target: Task): string {
  return readSetgroupsFile(openUserNsFile(kernel, reader, target, 'setgroups', { read: true }));
}
