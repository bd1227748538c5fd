@title: pidfd_send_signal takes no flag or exactly one of its scope flags
# C10.6: sys_pidfd_send_signal -> EINVAL for an unknown flag bit or for more
# than one of PIDFD_SIGNAL_THREAD (1), PIDFD_SIGNAL_THREAD_GROUP (2) and
# PIDFD_SIGNAL_PROCESS_GROUP (4), before the fd is looked at.
@needs: pid
init: clone a -                  => 2
init: pidfd-open a f             => ok
init: pidfd-send f 0 3           => EINVAL
init: pidfd-send f 0 5           => EINVAL
init: pidfd-send f 0 6           => EINVAL
init: pidfd-send f 0 8           => EINVAL
init: pidfd-send f 0 0x80000000  => EINVAL
init: pidfd-send nofd 0 3        => EINVAL    # the flags first, then the fd
init: pidfd-send f 0 1           => ok
init: pidfd-send f 0 2           => ok
init: pidfd-send f SIGKILL 2     => ok
init: alive a                    => no
