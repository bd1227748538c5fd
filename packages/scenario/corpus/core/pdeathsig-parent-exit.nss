@title: a child with a parent-death signal dies with its parent; one without lives on
# C10.10 (kernel/exit.c forget_original_parent): when the task that created a
# process exits, the process gets the signal it asked for with
# prctl(PR_SET_PDEATHSIG); a new child starts without one.
init: clone a -                  => 2
a: clone b -                     => 3
a: clone c -                     => 4
b: pdeathsig SIGKILL             => ok
b: clone d -                     => 5
a: exit                          => ok
init: alive b                    => no
init: alive c                    => yes
init: alive d                    => yes
