@title: writing a pid to cgroup.procs moves the task; pid 0 is the writer; a pid that is not there is ESRCH
# X2.17, X2.14, X2.18
@needs: cgroup
init: cgroup-mkdir /a          => ok
init: cgroup-mkdir /b          => ok
init: clone t -                => 2
init: cgroup-move t /a         => ok
init: cgroup-procs /a          => 2
init: cgroup-move t /b         => ok
init: cgroup-procs /a          => -
init: cgroup-procs /b          => 2
t: cgroup-move t /a            => ok     # a task moves itself
init: cgroup-of t              => /a
t: exit                        => ok
init: cgroup-move t /b         => ESRCH
init: cgroup-procs /a          => -      # an exited task leaves at once
