@title: a task that dropped root is non-dumpable: even its own uid may not open its ns files
# N2.3: opening /proc/PID/ns/X needs ptrace read access; __ptrace_may_access
# refuses a non-dumpable target (commit_creds made it so when its euid changed)
# to a caller without CAP_SYS_PTRACE over the target's mm user ns.
@needs: uts
init: clone a -                  => 2
a: setuid 1000                   => ok
init: clone b -                  => 3
b: setuid 1000                   => ok
b: open a uts fa                 => EACCES
init: open a uts fi              => ok      # root keeps CAP_SYS_PTRACE
a: open a uts fs                 => ok      # its own thread group is always allowed
