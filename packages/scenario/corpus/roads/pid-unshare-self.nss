@title: unshare(CLONE_NEWPID) moves its caller into the new pid namespace, as its pid 1 and child reaper
# P9.1, P9.4: road pid-unshare-self, the model only; the real backend skips
# this file. A process alone in its session (it called setsid) unshares a pid
# namespace: its pid gets a level, getpid is 1, getppid 0, and its parent
# still sees it as 2. Its children are born in the new namespace; when it
# dies, the namespace dies with it.
@road: pid-unshare-self
@needs: pid
init: clone a -                  => 2
a: setsid                        => 2
a: ns pid                        => pid:1
a: unshare pid                   => ok
a: getpid                        => 1
a: getppid                       => 0
init: pid a                      => 2
a: ns pid                        => pid:2
a: ns pid_for_children           => pid:2
init: ns pid                     => pid:1
a: clone b -                     => 2
b: getpid                        => 2
b: getppid                       => 1
init: pid b                      => 3
a: exit                          => ok
init: alive b                    => no
