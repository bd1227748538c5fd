@title: rmdir of a cgroup with a live task or a child cgroup is EBUSY; once empty it is removed
# X2.11, X2.12, X2.25, X2.24
@needs: cgroup
init: cgroup-mkdir /a          => ok
init: cgroup-mkdir /a/b        => ok
init: clone t -                => 2
init: cgroup-move t /a/b       => ok
init: cgroup-rmdir /a/b        => EBUSY   # t is in it
init: cgroup-rmdir /a          => EBUSY   # /a/b is a child
init: cgroup-move t /          => ok
init: cgroup-rmdir /a          => EBUSY   # still the child
init: cgroup-rmdir /a/b        => ok
init: cgroup-rmdir /a/b        => ENOENT
init: cgroup-rmdir /a          => ok
init: cgroup-procs /a          => ENOENT
init: cgroup-move t /a         => ENOENT
