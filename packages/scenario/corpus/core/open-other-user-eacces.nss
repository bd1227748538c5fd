@title: opening another user's ns file without CAP_SYS_PTRACE is EACCES
# N2.3: opening /proc/PID/ns/X needs PTRACE_MODE_READ_FSCREDS access to the task.
@needs: uts
init: clone a -                  => 2
init: clone b -                  => 3
b: setuid 1000                   => ok
b: open a uts fa                 => EACCES
b: setns a uts                   => EACCES
b: open b uts fb                 => ok       # its own task is always accessible
b: fdns fb                       => uts:1
