@title: unshare(CLONE_NEWPID) that moves the caller needs a caller alone in its session, and only once
# P9.2: EBUSY for a caller that did not call setsid, or whose session holds
# another process (a child); P9.3: EBUSY for a caller that is
# already an init; P9.4: a second setsid is EPERM (a process group leader). Road
# pid-unshare-self, the model only; the real backend skips this file.
@road: pid-unshare-self
@needs: pid
# The rules of the errors it shows: P9.2, P9.3, P9.4.
init: clone a -                  => 2
a: unshare pid                   => EBUSY
a: ns pid_for_children           => pid:1
a: setsid                        => 2
a: setsid                        => EPERM
a: clone c -                     => 3
a: unshare pid                   => EBUSY
c: exit                          => ok
a: unshare pid                   => ok
a: getpid                        => 1
a: unshare pid                   => EBUSY
