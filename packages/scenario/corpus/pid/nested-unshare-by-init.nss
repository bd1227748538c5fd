@title: the init of a pid namespace can unshare(CLONE_NEWPID) again
# P1.5: after unshare(CLONE_NEWPID) a is still pid 1 of its own namespace (its last getpid)
# P2.1, P2.6 (LTP unshare05.c): its pid_for_children is its active namespace, so a
# nested namespace is made; the grandchild is pid 1 there.
@needs: pid
# The rules of the errors it shows: F1.15.
init: clone a pid                => 2
a: unshare pid                   => ok
a: clone g -                     => 2
g: getpid                        => 1
g: getppid                       => 0
init: pid g                      => 3
g: exit                          => ok
a: clone h -                     => ENOMEM
a: getpid                        => 1
