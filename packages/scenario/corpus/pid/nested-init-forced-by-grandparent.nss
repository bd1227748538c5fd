@title: SIGKILL from any ancestor namespace kills a nested init; SIGTERM does not
# P3.3: "forced" means the sender has no number in the init's namespace, which
# holds for its parent and grandparent namespaces alike.
@needs: pid
init: clone a pid                => 2
a: clone n pid                   => 2
n: clone m -                     => 2
a: kill n SIGTERM                => ok
init: kill n SIGTERM             => ok
init: alive n                    => yes
init: kill n SIGKILL             => ok
init: alive n                    => no
init: alive m                    => no
init: alive a                    => yes
