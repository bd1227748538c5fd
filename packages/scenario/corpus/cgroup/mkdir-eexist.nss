@title: mkdir of a cgroup that exists is EEXIST, also for a task that could not create it; a missing parent is ENOENT
# X2.7, X2.8, X2.25
@needs: cgroup
init: cgroup-mkdir /a          => ok
init: cgroup-mkdir /a          => EEXIST
init: cgroup-mkdir /x/y        => ENOENT
init: clone u -                => 2
u: setuid 1000                 => ok
u: cgroup-mkdir /a             => EEXIST  # the name is looked up before the permission
u: cgroup-mkdir /c             => EACCES
u: cgroup-rmdir /a             => EACCES
init: cgroup-rmdir /a          => ok
