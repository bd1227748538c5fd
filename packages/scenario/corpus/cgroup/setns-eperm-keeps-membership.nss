@title: setns into a cgroup namespace needs CAP_SYS_ADMIN (EPERM) and never changes the task's cgroup
# I7.1, I7.2, X2.4, X2.5
@needs: cgroup
init: cgroup-mkdir /a          => ok
init: cgroup-mkdir /b          => ok
init: clone o -                => 2
init: cgroup-move o /a         => ok
o: unshare cgroup              => ok
init: clone j -                => 3
init: cgroup-move j /b         => ok
init: clone u -                => 4
u: open o cgroup fo            => ok
u: setuid 1000                 => ok
u: setns-fd fo cgroup          => EPERM
u: ns cgroup                   => cgroup:1
j: setns o cgroup              => ok
j: ns cgroup                   => cgroup:2
j: cgroup-of j                 => /../b   # still in /b, seen from o's root /a
init: cgroup-of j              => /b
j: setns init cgroup           => ok
j: cgroup-of j                 => /b
