@title: a task has one number per level, from its own namespace up to the initial one
# P1.3, P1.4: struct pid has a number in the task's namespace and in every
# ancestor; each viewer sees the number of its own level.
@needs: pid
init: clone a pid                => 2
a: clone b -                     => 2
a: clone c pid                   => 3
c: clone d -                     => 2
d: getpid                        => 2
c: pid d                         => 2
a: pid d                         => 4
init: pid d                      => 5
init: pid c                      => 4
a: pid c                         => 3
c: pid c                         => 1
init: pid b                      => 3
