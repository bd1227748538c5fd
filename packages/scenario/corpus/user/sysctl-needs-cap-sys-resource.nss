@title: writing /proc/sys/user/max_*_namespaces needs CAP_SYS_RESOURCE over the writer's user namespace (EACCES); reading needs nothing
# L1.8; kernel/ucount.c set_permissions, fs/proc/proc_sysctl.c proc_sys_permission
@needs: user,uts
init: clone a user                   => 2
init: uid_map a "0 0 1;1000 1000 1"  => ok
init: gid_map a "0 0 1;1000 1000 1"  => ok
a: clone b -                         => 3
b: setuid 1000                       => ok
b: caps                              => 0000000000000000   # setuid away from root dropped every capability
b: sysctl user.max_uts_namespaces    => 2147483647
b: sysctl user.max_uts_namespaces 5  => EACCES   # no CAP_SYS_RESOURCE in user:2: the file is read-only to b (at open)
a: sysctl user.max_uts_namespaces 5  => ok   # a is root of user:2
b: sysctl user.max_uts_namespaces    => 5
