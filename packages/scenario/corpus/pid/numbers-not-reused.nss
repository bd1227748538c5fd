@title: pid numbers are allocated cyclically, not reused at once
# P4.1: idr_alloc_cyclic resumes after the last number given, in every namespace.
@needs: pid
init: clone a pid                => 2
a: clone b -                     => 2
b: exit                          => ok
a: clone c -                     => 3
init: clone d -                  => 5
init: pid c                      => 4
a: pid c                         => 3
