@title: max_cgroup_namespaces: 0 written in a user namespace stops cgroup namespace creation there (ENOSPC), without moving the task
# X2.6, L1.6
@needs: user,cgroup
init: cgroup-mkdir /a                         => ok
init: clone a -                               => 2
init: cgroup-move a /a                        => ok
a: unshare user                               => ok
a: uid_map a "0 0 1"                          => ok
a: setgroups a deny                           => ok
a: gid_map a "0 0 1"                          => ok
a: sysctl user.max_cgroup_namespaces          => 2147483647
a: sysctl user.max_cgroup_namespaces 0        => ok
a: unshare cgroup                             => ENOSPC
a: ns cgroup                                  => cgroup:1
a: clone b cgroup                             => ENOSPC
a: cgroup-of a                                => /a
a: sysctl user.max_cgroup_namespaces 1        => ok
a: unshare cgroup                             => ok
a: cgroup-of a                                => /
