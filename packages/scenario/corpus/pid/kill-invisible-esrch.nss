@title: a task outside the sender's pid namespace cannot be named: ESRCH
# K2.1 (LTP pidns06.c): kill(2) looks the pid up in the sender's active
# namespace; a task of an ancestor or sibling namespace has no number there.
@needs: pid
init: clone a pid                => 2
init: clone b pid                => 3
init: clone c -                  => 4
a: kill init SIGKILL             => ESRCH
a: kill b SIGKILL                => ESRCH
a: kill c SIGKILL                => ESRCH
init: alive c                    => yes
init: alive b                    => yes
