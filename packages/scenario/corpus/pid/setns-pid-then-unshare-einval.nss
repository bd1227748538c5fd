@title: after setns(pid) to another namespace, unshare(CLONE_NEWPID) is EINVAL
# I4.7, P2.1: copy_pid_ns refuses when pid_for_children is no longer the
# caller's active namespace.
@needs: pid
init: clone a pid                => 2
init: clone s -                  => 3
s: setns a pid                   => ok
s: unshare pid                   => EINVAL
s: clone x pid                   => EINVAL
s: setns s pid                   => ok
s: unshare pid                   => ok
