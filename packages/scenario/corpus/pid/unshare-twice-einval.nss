@title: a second unshare(CLONE_NEWPID) is EINVAL, before and after the first child
# P2.1 (LTP syscalls/unshare/unshare05.c; selftests pid_namespace/regression_enomem.c): copy_pid_ns needs pid_for_children to still be the
# caller's active namespace; clone(CLONE_NEWPID) is refused the same way.
@needs: pid,uts
init: clone p -                  => 2
p: unshare pid                   => ok
p: unshare pid                   => EINVAL
p: clone x pid                   => EINVAL
p: clone c -                     => 3
p: unshare pid                   => EINVAL
p: unshare pid,uts               => EINVAL
p: ns uts                        => uts:1
c: getpid                        => 1
