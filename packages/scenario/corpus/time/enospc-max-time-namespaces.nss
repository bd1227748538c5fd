@title: max_time_namespaces of a user namespace limits the time namespaces created in it (ENOSPC)
# X1.10, L1.3, L1.4; kernel/time/namespace.c clone_time_ns (inc_time_namespaces)
@needs: user,time
init: clone a -                               => 2
a: unshare user                               => ok
a: uid_map a "0 0 1"                          => ok
a: setgroups a deny                           => ok
a: gid_map a "0 0 1"                          => ok
a: sysctl user.max_time_namespaces            => 2147483647
a: sysctl user.max_time_namespaces 0          => ok
a: unshare time                               => ENOSPC
a: clone b time                               => ENOSPC
a: ns time_for_children                       => time:1
a: sysctl user.max_time_namespaces 1          => ok
a: unshare time                               => ok
a: ns time_for_children                       => time:2
a: unshare time                               => ENOSPC   # the first one still counts
a: clone c time                               => ENOSPC
a: clone d -                                  => 3
d: ns time                                    => time:2
