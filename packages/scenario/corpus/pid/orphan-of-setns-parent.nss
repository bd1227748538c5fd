@title: a child born by setns+fork whose parent exits goes to its parent's namespace init, invisible to it
# P3.6, P3.10, P5.1: the reaper is the child reaper of the dead parent's active
# namespace (here init), which has no number in the child's namespace.
@needs: pid
init: clone a pid                => 2
init: clone s -                  => 3
s: setns a pid                   => ok
s: clone t -                     => 4
t: getppid                       => 0
s: exit                          => ok
t: getppid                       => 0
init: alive t                    => yes
a: pid t                         => 2
