/**
 * @nsproxy/user: user namespaces for the nsproxy model. Mirrors
 * kernel/user_namespace.c (create_user_ns, userns_install, the map files),
 * fs/proc/base.c (the /proc/PID files and who may open them) and the id
 * translation user space sees (kernel/sys.c, fs/proc/array.c).
 */
export * from './type.ts';
export * from './idmap.ts';
export * from './proc.ts';
export * from './ids.ts';
export * from './caps.ts';
export * from './rules.ts';
export * from './userns-2007.ts';
export * from './sigio.ts';
