@title: clone(CLONE_NEWPID) makes the child pid 1 of a new namespace, with ppid 0
# P2.6, P3.1, P3.2, C1.4 and N2.2 (the ns links read pid:[N], pid_for_children too) (LTP containers/pidns/pidns01.c (also ioctl_ns05, clone301's NEWPID case)): the first task of a new pid namespace is its
# init, pid 1 inside; its parent lives outside, so getppid() is 0.
@needs: pid
init: clone a pid                => 2
a: getpid                        => 1
a: getppid                       => 0
init: pid a                      => 2
a: pid a                         => 1
a: ns pid                        => pid:2
a: ns pid_for_children           => pid:2
init: ns pid                     => pid:1
init: ns pid_for_children        => pid:1
