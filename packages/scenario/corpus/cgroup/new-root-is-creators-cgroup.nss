@title: a clone with CLONE_NEWCGROUP roots the new namespace at the creator's cgroup, and a later move does not move the root
# X2.1, X2.19, X2.2
@needs: cgroup
init: cgroup-mkdir /a          => ok
init: cgroup-mkdir /a/b        => ok
init: clone p -                => 2
init: cgroup-move p /a         => ok
p: clone c cgroup              => 3
c: cgroup-of c                 => /       # born in /a, the root of its new namespace
init: cgroup-of c              => /a
init: cgroup-move c /a/b       => ok
c: cgroup-of c                 => /b      # the root stayed /a
c: cgroup-of init              => /..
c: cgroup-of p                 => /
