@title: max_uts_namespaces of a user namespace: INT_MAX at first; 0 written there stops uts namespace creation in it (ENOSPC)
# Q2.5: clone_uts_ns is charged to max_uts_namespaces (ENOSPC at 0); U1.9: a new user namespace's limits read INT_MAX
# L1.3, L1.4, L1.6; kernel/ucount.c set_lookup (the reader's own user namespace)
@needs: user,uts
# The rules of the errors it shows: L1.5.
init: clone a -                               => 2
a: unshare user                               => ok
a: uid_map a "0 0 1"                          => ok
a: setgroups a deny                           => ok
a: gid_map a "0 0 1"                          => ok
a: sysctl user.max_uts_namespaces             => 2147483647   # a new user namespace starts at INT_MAX
a: sysctl user.max_uts_namespaces 0           => ok
a: sysctl user.max_uts_namespaces             => 0
a: unshare uts                                => ENOSPC   # nothing created: a stays in the world's uts namespace
a: ns uts                                     => uts:1
a: sysctl user.max_uts_namespaces -1          => EINVAL   # 0..INT_MAX only
a: sysctl user.max_uts_namespaces 2147483648  => EINVAL
a: sysctl user.max_uts_namespaces 1           => ok
a: unshare uts                                => ok
a: ns uts                                     => uts:2
a: sysctl user.max_pid_namespaces             => 2147483647
