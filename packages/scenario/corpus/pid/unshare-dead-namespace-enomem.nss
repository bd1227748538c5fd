@title: once the init born after unshare(CLONE_NEWPID) exits, forks into that namespace are ENOMEM
# F1.15, P3.9 (LTP syscalls/unshare/unshare05.c; selftests pid_namespace/regression_enomem.c, selftest regression_enomem): zap_pid_ns_processes
# clears PIDNS_ADDING; alloc_pid then fails with ENOMEM.
@needs: pid
init: clone p -                  => 2
p: unshare pid                   => ok
p: clone c -                     => 3
c: exit                          => ok
p: clone d -                     => ENOMEM
p: clone e -                     => ENOMEM
p: ns pid_for_children           => pid:2
p: getpid                        => 2
