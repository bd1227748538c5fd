@title: max_user_namespaces 1 in a user namespace allows one child there but no grandchild below it
# U1.3: inc_user_namespaces refuses b's unshare and a's second clone (ENOSPC); U1.9: b's limits start at INT_MAX
# L1.5 (observed: max_user_namespaces=1 in A allowed B, not C); L1.7
@needs: user
init: clone a user                    => 2
init: uid_map a "0 0 1"               => ok
init: gid_map a "0 0 1"               => ok
a: sysctl user.max_user_namespaces 1  => ok
a: clone b user                       => 3
a: uid_map b "0 0 1"                  => ok
a: gid_map b "0 0 1"                  => ok
b: sysctl user.max_user_namespaces    => 2147483647   # b's own namespace starts at INT_MAX
b: unshare user                       => ENOSPC   # charged to b's namespace and, as b's owner, to a's, where b already counts
a: clone c user                       => ENOSPC   # a's one namespace is b's
b: exit                               => ok
a: clone c user                       => 4        # b's namespace is gone with b: its charge is released (on Linux a moment later, from a workqueue)
