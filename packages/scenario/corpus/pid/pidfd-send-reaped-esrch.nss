@title: a pidfd whose task has been reaped signals nothing: ESRCH
# C10.8: kill_pid_info_type finds no task for the pidfd's pid -> ESRCH (the
# number is checked only once a task is found). The pidfd stays open.
@needs: pid
init: clone a -                  => 2
init: pidfd-open a f             => ok
init: pidfd-send f 0             => ok
a: exit                          => ok
init: pidfd-send f 0             => ESRCH
init: pidfd-send f SIGTERM       => ESRCH
init: pidfd-send f 65            => ESRCH
init: close f                    => ok
