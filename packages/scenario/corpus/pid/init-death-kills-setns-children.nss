@title: the init's death also kills the tasks that entered by setns+fork, not their parents
# P3.8, P3.10 (gVisor setns.cc ChangePIDNamespace): a task born in the namespace by setns+fork has a
# number there and is killed; its parent, outside, lives on.
@needs: pid
# The rules of the errors it shows: F1.15.
init: clone a pid                => 2
init: clone s -                  => 3
s: setns a pid                   => ok
s: clone t -                     => 4
t: getpid                        => 2
a: exit                          => ok
init: alive t                    => no
init: alive s                    => yes
s: clone u -                     => ENOMEM
