@title: CLONE_PARENT gives the child its creator's parent, but not to an init; with CLONE_NEWPID it is allowed
@needs: pid
# F1.4: the init of a pid namespace may not clone with CLONE_PARENT (the world's init is one).
init: clone a - parent               => EINVAL
init: clone a -                      => 2
a: clone b - parent                  => 3        # b is init's child, a's sibling
b: getppid                           => 1
b: pdeathsig SIGKILL                 => ok
a: exit                              => ok
init: alive b                        => yes      # its parent, init, lives on
init: clone c -                      => 4
# F1.7: CLONE_NEWPID together with CLONE_PARENT is allowed.
c: clone d pid parent                => 5
d: getpid                            => 1
d: getppid                           => 0        # init is in the parent pid namespace
init: pid d                          => 5
# P3.5: d is the init of its pid namespace: its child would have no reaper inside.
d: clone e - parent                  => EINVAL
d: clone e -                         => 2
