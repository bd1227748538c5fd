@title: unshare(CLONE_NEWPID) does not move the caller
# P2.3, F2.11: getpid() and /proc/self/ns/pid are unchanged; only
# pid_for_children points at the new namespace.
@needs: pid
init: clone p -                  => 2
p: unshare pid                   => ok
p: getpid                        => 2
p: ns pid                        => pid:1
init: pid p                      => 2
p: clone c -                     => 3
p: ns pid_for_children           => pid:2
p: getpid                        => 2
