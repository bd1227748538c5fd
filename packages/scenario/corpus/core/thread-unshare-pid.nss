@title: a multithreaded process may unshare a pid namespace, and then makes no more threads
# F2.4: CLONE_NEWPID implies no CLONE_THREAD, so unshare(CLONE_NEWPID) succeeds with a second thread.
# F1.6: afterwards the caller's pid namespace for children is not its own, so clone(CLONE_THREAD)
# fails with EINVAL; its other thread did not unshare (setns and unshare move the caller only) and
# still makes threads. A child of the caller is pid 1 of the new namespace.
@needs: pid
init: clone a -                  => 2
a: thread t                      => 3
a: unshare pid                   => ok
init: nsof t pid_for_children    => pid:1
a: thread u                      => EINVAL
t: thread v                      => 4
a: clone c -                     => 5
c: getpid                        => 1
a: ns pid_for_children           => pid:2
init: nsof t pid_for_children    => pid:1
a: thread w                      => EINVAL
