@title: an ordinary task of a pid namespace is killed by default-action signals from inside
# P3.3 applies to the init only: other tasks of the namespace die of SIGTERM,
# SIGUSR1 and SIGKILL from their namespace; ignored-by-default signals do nothing.
@needs: pid
init: clone a pid                => 2
a: clone b -                     => 2
a: clone c -                     => 3
a: clone d -                     => 4
a: kill b SIGTERM                => ok
a: alive b                       => no
c: kill c SIGWINCH               => ok
a: alive c                       => yes
a: kill c SIGUSR1                => ok
a: alive c                       => no
d: kill d SIGKILL                => ok
a: alive d                       => no
