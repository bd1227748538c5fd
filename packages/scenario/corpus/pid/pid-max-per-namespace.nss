@title: pid_max is per pid namespace; a fork fails with EAGAIN when one level of its pid namespaces has no free number
@needs: pid,user
# P4.2: the run's own pid namespace starts at PID_MAX_LIMIT, whatever the host's value.
init: sysctl kernel.pid_max          => 4194304
init: clone a pid                    => 2
a: sysctl kernel.pid_max 301         => ok       # the smallest: RESERVED_PIDS + 1
init: sysctl kernel.pid_max          => 4194304  # init's namespace keeps its own
a: clone b pid                       => 2
b: sysctl kernel.pid_max             => 4194304  # a new namespace starts at PID_MAX_LIMIT again
# P4.4: ns_last_pid moves the cursor of a's namespace (P4.1: numbers restart at 300 after a wrap).
a: sysctl kernel.ns_last_pid         => 2
a: sysctl kernel.ns_last_pid 302     => EINVAL   # beyond a's pid_max (P4.6)
a: sysctl kernel.ns_last_pid 299     => ok
a: clone c -                         => 300
# F1.17: no free number at a's level: a fork there fails, and so does one in b's namespace below.
a: clone d -                         => EAGAIN
b: clone d -                         => EAGAIN   # b's level has room, a's has none (P4.2)
init: clone d -                      => 5        # init's level has room
c: exit                              => ok
a: clone e -                         => 300
# P4.5: pid_max values; P4.3, P4.4: writers.
a: sysctl kernel.pid_max 300         => EINVAL
a: sysctl kernel.pid_max 4194305     => EINVAL
a: sysctl kernel.pid_max             => 301
init: clone u user                   => 7
u: clone v pid                       => 8        # a pid namespace owned by u's user namespace
v: sysctl kernel.pid_max 400         => ok
v: sysctl kernel.pid_max             => 400
u: sysctl kernel.ns_last_pid 5       => EPERM    # no CAP_CHECKPOINT_RESTORE over init's namespace's owner
a: setuid 1000                       => ok
a: sysctl kernel.pid_max 302         => EACCES
a: sysctl kernel.ns_last_pid 200     => EPERM
