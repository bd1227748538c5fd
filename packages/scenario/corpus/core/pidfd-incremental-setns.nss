@title: setns one type at a time, user first, joins every namespace of a task; the pid step moves only pid_for_children
# C8.8-C8.10, I4.3, I5.6; selftests pidfd_incremental_setns, nsfd_incremental_setns (selftests pidfd_incremental_setns and
# nsfd_incremental_setns), with the types the corpus can express, in the
# kernel's order: user, pid, uts, ipc. w goes through a pidfd, v through ns files.
@needs: user,pid,uts,ipc
init: clone c1 user,uts,ipc,pid  => 2
init: clone w -                  => 3
w: setns-pidfd c1 user           => ok
w: ns user                       => user:2
w: ns uts                        => uts:1     # nothing else moved
w: setns-pidfd c1 pid            => ok
w: ns pid_for_children           => pid:2     # c1's active pid namespace
w: ns pid                        => pid:1     # only pid_for_children moved
w: getpid                        => 3
w: ns user                       => user:2
w: ns uts                        => uts:1
w: ns ipc                        => ipc:1
w: setns-pidfd c1 uts            => ok
w: ns uts                        => uts:2
w: ns ipc                        => ipc:1
w: setns-pidfd c1 ipc            => ok
w: ns ipc                        => ipc:2
w: ns pid                        => pid:1
init: clone v -                  => 4
v: open c1 user fu               => ok
v: open c1 pid fp                => ok
v: open c1 uts ft                => ok
v: open c1 ipc fi                => ok
v: setns-fd fu                   => ok
v: ns user                       => user:2
v: setns-fd fp                   => ok
v: ns pid_for_children           => pid:2
v: ns pid                        => pid:1     # only pid_for_children moved
v: ns uts                        => uts:1
v: setns-fd ft                   => ok
v: ns uts                        => uts:2
v: setns-fd fi                   => ok
v: ns ipc                        => ipc:2
init: ns uts                     => uts:1
init: ns pid_for_children        => pid:1
