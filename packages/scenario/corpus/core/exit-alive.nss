@title: after exit a task is no longer alive
# C3.7 / scenario-format.md: a task that exits is reaped at once.
init: clone a -                  => 2
init: alive a                    => yes
a: alive a                       => yes
a: exit                          => ok
init: alive a                    => no
init: alive nobody               => no
