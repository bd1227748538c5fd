@title: setns through a pidfd takes the target's own (active) time namespace, not its time_for_children
# I8.4, C8.8; kernel/nsproxy.c validate_nsset (timens_get)
@needs: time
init: clone a -                        => 2
a: unshare time                        => ok
init: clone b -                        => 3
b: unshare time                        => ok
b: setns-pidfd a time                  => ok
b: ns time                             => time:1
b: ns time_for_children                => time:1
a: clone c -                           => 4
b: setns-pidfd c time                  => ok
b: ns time                             => time:2
b: ns time_for_children                => time:2
a: ns time_for_children                => time:2
