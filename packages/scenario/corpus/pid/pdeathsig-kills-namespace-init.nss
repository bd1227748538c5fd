@title: a pid namespace's init killed by its parent-death signal takes its namespace with it
# C10.10 and P3.8: what unshare --kill-child does. The init's SIGKILL comes
# from its parent, outside the namespace, so the init's protection does not
# stop it; a SIGTERM it has no handler for is ignored.
@needs: pid
init: clone a -                  => 2
a: clone b pid                   => 3
b: pdeathsig SIGKILL             => ok
b: clone c -                     => 2
a: clone e -                     => 5
e: clone f pid                   => 6
f: pdeathsig SIGTERM             => ok
a: exit                          => ok
init: alive b                    => no
init: alive c                    => no
e: exit                          => ok
init: alive f                    => yes
