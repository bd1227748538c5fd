@title: CLONE_INTO_CGROUP with CLONE_NEWCGROUP roots the child's new namespace at the destination, not at the parent's cgroup
# X2.23, X2.1, X2.2
@needs: cgroup
init: cgroup-mkdir /a          => ok
init: cgroup-mkdir /a/b        => ok
init: clone-into c cgroup /a/b => 2
c: cgroup-of c                 => /
c: cgroup-of init              => /../..
init: cgroup-of c              => /a/b
c: ns cgroup                   => cgroup:2
init: clone d cgroup           => 3
d: cgroup-of d                 => /       # without CLONE_INTO_CGROUP: the parent's cgroup
d: cgroup-of c                 => /a/b
