@title: a max_uts_namespaces limit in a user namespace caps the uts namespaces created in a child user namespace (charged at every level)
# Q2.5: inc_uts_namespaces charges every level of the owner chain
# L1.5; kernel/ucount.c inc_ucount
@needs: user,uts
init: clone a user                   => 2
init: uid_map a "0 0 1"              => ok
init: gid_map a "0 0 1"              => ok
a: sysctl user.max_uts_namespaces 1  => ok
a: clone b user                      => 3
a: uid_map b "0 0 1"                 => ok
a: gid_map b "0 0 1"                 => ok
b: sysctl user.max_uts_namespaces    => 2147483647   # b's own file: no limit
b: clone c uts                       => 4
b: clone d uts                       => ENOSPC   # a's limit of 1 is reached through b's owner
a: unshare uts                       => ENOSPC   # a's own uts namespaces count against the same limit
c: exit                              => ok
b: clone e uts                       => 5   # c's uts namespace was freed and uncharged
a: sysctl user.max_uts_namespaces    => 1
