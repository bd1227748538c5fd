@title: unshare of a time namespace changes only time_for_children: the caller stays where it is
# X1.2, F2.11; kernel/time/namespace.c copy_time_ns (the new namespace becomes time_for_children)
@needs: time
init: clone a -                  => 2
a: ns time                       => time:1
a: ns time_for_children          => time:1
a: unshare time                  => ok
a: ns time                       => time:1
a: ns time_for_children          => time:2
a: clock monotonic               => 0
init: ns time                    => time:1
init: ns time_for_children       => time:1
