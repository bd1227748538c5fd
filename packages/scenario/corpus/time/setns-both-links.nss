@title: setns through /proc/PID/ns/time or time_for_children enters that namespace as both time and time_for_children
# I8.3, I8.4, X1.1; LTP clock_gettime03.c; selftests timens/timens.c
@needs: time
init: clone a -                        => 2
a: unshare time                        => ok
a: timens-offset a monotonic 3600 0    => ok
a: timens-offset a boottime 7200 0     => ok
init: clone b -                        => 3
b: open a time_for_children fa         => ok
b: setns-fd fa                         => ok
b: ns time                             => time:2
b: ns time_for_children                => time:2
b: clock monotonic                     => 3600
b: clock boottime                      => 7200
b: setns init time                     => ok   # back to the world's namespace through the other file
b: ns time                             => time:1
b: ns time_for_children                => time:1
b: clock monotonic                     => 0
b: clock boottime                      => 0
b: setns-fd fa any                     => ok
b: clone c -                           => 4
c: ns time                             => time:2
