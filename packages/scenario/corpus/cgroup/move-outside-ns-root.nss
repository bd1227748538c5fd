@title: a writer in a cgroup namespace moving a task to a cgroup outside its root: allowed without nsdelegate (the machine's cgroup2 has none)
# X2.16, X2.15, X2.2
@needs: cgroup
# With nsdelegate this move would be ENOENT (X2.16, modelled, not showable here).
init: cgroup-mkdir /a          => ok
init: cgroup-mkdir /b          => ok
init: clone w -                => 2
init: cgroup-move w /a         => ok
w: unshare cgroup              => ok
w: clone v -                   => 3
w: cgroup-move v /b            => ok
w: cgroup-of v                 => /../b
init: cgroup-of v              => /b
w: cgroup-move w /             => ok
w: cgroup-of w                 => /..
