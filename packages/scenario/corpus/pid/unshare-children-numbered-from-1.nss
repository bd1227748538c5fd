@title: after unshare(CLONE_NEWPID) the first child is pid 1, the next ones 2, 3, ... all with ppid 0
# P2.3, P2.6, P3.2 (LTP syscalls/unshare/unshare05.c; selftests pid_namespace/regression_enomem.c): the children are born in the new namespace;
# their parent is outside it.
@needs: pid
init: clone p -                  => 2
p: unshare pid                   => ok
p: clone c1 -                    => 3
c1: getpid                       => 1
c1: getppid                      => 0
p: clone c2 -                    => 4
c2: getpid                       => 2
c2: getppid                      => 0
c1: pid c2                       => 2
c2: pid p                        => 0
