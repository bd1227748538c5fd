@title: kill(-1) signals every process the caller sees but the init of its namespace and itself; ESRCH when there is none
# P3.4, C10.4: kill_something_info(-1) sends to every process whose pid in the
# caller's namespace is above 1 and that is not the caller's thread group; a
# refusal (EPERM) of one target is not reported; with no target at all, ESRCH.
# A nested namespace's init is seen there under a number above 1: SIGKILL from
# an ancestor namespace ends it, and its namespace with it.
@needs: pid
init: clone a pid                => 2
a: clone b -                     => 2
a: clone c -                     => 3
a: clone n pid                   => 4
n: clone m -                     => 2
init: clone z -                  => 7         # outside a's namespace: not seen from there
a: clone d -                     => 6
d: setuid 1000                   => ok
d: kill -1 SIGKILL               => ok        # EPERM from every target, not reported
init: alive b                    => yes
b: kill -1 SIGKILL               => ok
init: alive a                    => yes       # the init of b's namespace
init: alive b                    => yes       # the caller
init: alive c                    => no
init: alive d                    => no
init: alive n                    => no
init: alive m                    => no
init: alive z                    => yes
b: kill -1 SIGKILL               => ESRCH     # only the init and itself are left
b: kill -1 0                     => ESRCH
a: kill -1 0                     => ok        # the init sees b
