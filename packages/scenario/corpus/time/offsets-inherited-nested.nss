@title: a time namespace created inside another copies the offsets of its creator's time_for_children
# X1.2, X1.1; kernel/time/namespace.c clone_time_ns (ns->offsets = old_ns->offsets)
@needs: time
init: clone a -                        => 2
a: unshare time                        => ok
a: timens-offset a monotonic 100 0     => ok
a: timens-offset a boottime 200 0      => ok
a: clone b -                           => 3
b: clock monotonic                     => 100
b: unshare time                        => ok
b: timens-offsets b                    => monotonic 100 0;boottime 200 0
b: timens-offset b monotonic 1100 0    => ok
b: clone c -                           => 4
c: clock monotonic                     => 1100
c: clock boottime                      => 200
b: clock monotonic                     => 100
a: clock monotonic                     => 0
a: timens-offsets a                    => monotonic 100 0;boottime 200 0
