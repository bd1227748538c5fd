@title: a setns into a time namespace freezes its offsets, and sets both time and time_for_children
# X1.9, X1.8, I8.3, I8.4; kernel/time/namespace.c timens_install, timens_commit
@needs: time
init: clone a -                        => 2
a: unshare time                        => ok
a: timens-offset a monotonic 60 0      => ok
init: clone b -                        => 3
b: open a time_for_children fa         => ok
b: setns-fd fa                         => ok
b: ns time                             => time:2
b: ns time_for_children                => time:2
b: clock monotonic                     => 60
a: timens-offset a monotonic 5 0       => EACCES
a: timens-offsets a                    => monotonic 60 0;boottime 0 0
a: ns time                             => time:1
