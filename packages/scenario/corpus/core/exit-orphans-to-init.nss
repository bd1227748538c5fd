@title: the children of a task that exits stay alive and go to init
# P3.6 / kernel/exit.c forget_original_parent: orphans are reparented to the
# child reaper of their pid namespace; exiting never takes namespaces from others.
@needs: uts
init: clone a uts                => 2
a: clone b -                     => 3
b: getppid                       => 2
a: exit                          => ok
init: alive b                    => yes
b: getppid                       => 1
b: ns uts                        => uts:2
