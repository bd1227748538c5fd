@title: a child enters its parent's time_for_children at fork; clone with CLONE_NEWTIME puts the child in a new one
# X1.3, X1.2; kernel/nsproxy.c copy_namespaces -> timens_on_fork; selftests timens/timens.c, pidfd_setns_test (clone3 CLONE_NEWTIME)
@needs: time
init: clone a -                  => 2
a: unshare time                  => ok
a: clone b -                     => 3
b: ns time                       => time:2
b: ns time_for_children          => time:2
a: ns time                       => time:1
init: clone c time               => 4
c: ns time                       => time:3
c: ns time_for_children          => time:3
init: ns time                    => time:1
init: ns time_for_children       => time:1
