@title: a name under /proc/PID/ns that is none of the kernel's ns entries does not exist
# N2.8: proc_ns_dir_lookup (fs/proc/namespaces.c) looks the name up in the table of ns entries: any other is ENOENT,
# even one that looks like an entry (net_for_children, a type's name in capitals, an entry name with a suffix).
@needs: pid, time, uts
init: readlink /proc/self/ns/foo               => ENOENT
init: readlink /proc/self/ns/net_for_children  => ENOENT
init: readlink /proc/self/ns/UTS               => ENOENT
init: readlink /proc/self/ns/uts2              => ENOENT
init: exists /proc/self/ns/foo                 => no
init: exists /proc/self/ns/uts                 => yes
init: exists /proc/self/ns/time_for_children   => yes
init: ns pid_for_children                      => pid:1
