@title: a task that has exited is a pid that no longer exists
# K2.1, P1.4: after the task is reaped its numbers are free: pid gives 0 and kill ESRCH.
@needs: pid
init: clone a pid                => 2
a: clone b -                     => 2
b: exit                          => ok
a: pid b                         => 0
init: pid b                      => 0
a: kill b SIGKILL                => ESRCH
a: alive b                       => no
