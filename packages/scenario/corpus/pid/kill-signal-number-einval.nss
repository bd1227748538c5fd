@title: a signal number outside 0..64 cannot be sent, by kill or by pidfd_send_signal; the target is looked up first
# C10.2: check_kill_permission refuses a number that is no signal (valid_signal)
# -> EINVAL, once the target is found: a pid that names nobody is ESRCH whatever
# the number, and so is a pidfd whose task has been reaped (C10.8).
@needs: pid
init: clone a -                  => 2
init: kill a 65                  => EINVAL
init: kill a -1                  => EINVAL
init: kill a 0x7fffffff          => EINVAL
init: kill 99 65                 => ESRCH
init: kill -1 65                 => EINVAL    # there are targets: the number is refused
init: pidfd-open a f             => ok
init: pidfd-send f 65            => EINVAL
init: pidfd-send f -2            => EINVAL
init: pidfd-send f 0             => ok
init: kill a 0                   => ok
init: alive a                    => yes
init: kill a 64                  => ok        # SIGRTMAX: its default action ends the task
init: alive a                    => no
init: pidfd-send f 65            => ESRCH
init: kill -1 65                 => ESRCH     # no target left: ESRCH comes first
