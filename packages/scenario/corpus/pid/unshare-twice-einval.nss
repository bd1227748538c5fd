@title: a second unshare(CLONE_NEWPID) is EINVAL, before and after the first child
# P2.1 (peer case 41): copy_pid_ns needs pid_for_children to still be the
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
