@title: setns to one's own active pid namespace undoes a pending unshare(CLONE_NEWPID)
# I4.4 (selftests proc/proc-pidns.c (fixture)): re-targeting is allowed as long as the target is the
# active namespace or below; the child is then born in the caller's namespace.
@needs: pid
init: clone p -                  => 2
p: unshare pid                   => ok
p: setns p pid                   => ok
p: ns pid_for_children           => pid:1
p: clone c -                     => 3
c: getpid                        => 3
c: getppid                       => 2
p: unshare pid                   => ok
p: clone d -                     => 4
d: getpid                        => 1
