@title: max_ipc_namespaces of a user namespace: 0 refuses a new ipc namespace (ENOSPC), 1 allows exactly one
# Q1.1: create_ipc_ns charges inc_ipc_namespaces at every level of the owner chain (ipc/namespace.c)
# U1.9: the limits of a new user namespace start at INT_MAX
@needs: ipc,user
init: clone b user                         => 2
init: uid_map b "0 0 1"                    => ok
init: gid_map b "0 0 1"                    => ok
b: sysctl user.max_ipc_namespaces          => 2147483647
b: sysctl user.max_ipc_namespaces 0        => ok
b: unshare ipc                             => ENOSPC
b: ns ipc                                  => ipc:1   # nothing created
b: sysctl user.max_ipc_namespaces 1        => ok
b: unshare ipc                             => ok
b: ns ipc                                  => ipc:2
b: clone c ipc                             => ENOSPC  # the one allowed is b's
b: clone d -                               => 3
