@title: cgroup.procs lists pids as the reader's pid namespace sees them: 0 for a process it cannot see
# X2.18, X2.14
@needs: pid,cgroup
init: cgroup-mkdir /a          => ok
init: clone p pid              => 2
init: cgroup-move p /a         => ok
p: clone c -                   => 2
p: cgroup-procs /a             => 1,2
init: cgroup-procs /a          => 2,3
p: cgroup-move init /a         => ESRCH   # init has no pid in p's namespace
init: cgroup-move init /a      => ok
p: cgroup-procs /a             => 0,1,2
init: cgroup-procs /a          => 1,2,3
init: cgroup-move init /       => ok
