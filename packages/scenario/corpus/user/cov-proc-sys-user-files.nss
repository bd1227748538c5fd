@title: /proc/sys/user holds the eight max_<type>_namespaces files and nothing else; a value of blanks is no value
# L1.1: one file per namespace type, each INT_MAX in a new user namespace; L1.9: any other name is ENOENT;
# C12.2: a write of only blanks to a numeric file gives no value (EINVAL).
@needs: user
init: clone a user                            => 2
init: uid_map a "0 0 1"                       => ok
a: sysctl user.max_cgroup_namespaces          => 2147483647
a: sysctl user.max_ipc_namespaces             => 2147483647
a: sysctl user.max_mnt_namespaces             => 2147483647
a: sysctl user.max_net_namespaces             => 2147483647
a: sysctl user.max_pid_namespaces             => 2147483647
a: sysctl user.max_time_namespaces            => 2147483647
a: sysctl user.max_user_namespaces            => 2147483647
a: sysctl user.max_uts_namespaces             => 2147483647
a: sysctl user.max_foo_namespaces             => ENOENT
a: sysctl user.max_uts_namespaces " "         => EINVAL
a: sysctl user.max_uts_namespaces             => 2147483647   # the failed write changed nothing
