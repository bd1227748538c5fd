@title: a task is invisible in descendant and sibling pid namespaces
# P1.3, P1.4: pid_nr_ns is 0 in a namespace that is not on the task's path to
# the initial one.
@needs: pid
init: clone a pid                => 2
init: clone b pid                => 3
a: clone a1 -                    => 2
a: pid init                      => 0
a: pid b                         => 0
b: pid a1                        => 0
b: pid a                         => 0
a1: pid b                        => 0
init: pid a1                     => 4
a1: pid a                        => 1
