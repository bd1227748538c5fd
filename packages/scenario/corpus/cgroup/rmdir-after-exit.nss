@title: a cgroup whose last task exited can be removed at once
# X2.11, X2.24
@needs: cgroup
init: cgroup-mkdir /a          => ok
init: clone t -                => 2
init: cgroup-move t /a         => ok
init: cgroup-rmdir /a          => EBUSY
t: exit                        => ok
init: cgroup-procs /a          => -
init: cgroup-rmdir /a          => ok
