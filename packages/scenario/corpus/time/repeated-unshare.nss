@title: unshare of a time namespace may be repeated; each new one copies the offsets of the one before
# X1.2 (repeating unshare(CLONE_NEWTIME) is allowed, unlike CLONE_NEWPID), X1.4
@needs: time
init: clone a -                        => 2
a: unshare time                        => ok
a: ns time_for_children                => time:2
a: timens-offset a monotonic 3600 0    => ok
a: unshare time                        => ok
a: ns time_for_children                => time:3
a: timens-offsets a                    => monotonic 3600 0;boottime 0 0
a: timens-offset a boottime 60 0       => ok   # nobody entered the new one: not frozen
a: clone b -                           => 3
b: ns time                             => time:3
b: clock monotonic                     => 3600
b: clock boottime                      => 60
a: ns time                             => time:1
a: clock monotonic                     => 0
