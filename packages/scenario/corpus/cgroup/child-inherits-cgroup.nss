@title: a child starts in its parent's cgroup, and moving the parent later does not move the child
# X2.19, X2.17
@needs: cgroup
init: cgroup-mkdir /a          => ok
init: cgroup-mkdir /b          => ok
init: clone p -                => 2
init: cgroup-move p /a         => ok
p: clone c -                   => 3
init: cgroup-of c              => /a
init: cgroup-move p /b         => ok
init: cgroup-of c              => /a
init: cgroup-procs /a          => 3
init: cgroup-procs /b          => 2
