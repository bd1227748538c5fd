@title: pidfd_send_signal needs a pidfd: another open file, or none, is EBADF
# C10.7: pidfd_to_pid refuses a file that is neither a pidfd nor a /proc/PID
# directory (an ns file here) -> EBADF; a closed descriptor is EBADF too.
@needs: pid,uts
init: clone a uts                => 2
init: open a uts fu              => ok
init: pidfd-send fu 0            => EBADF
init: pidfd-send fu SIGKILL      => EBADF
init: pidfd-send none 0          => EBADF
init: alive a                    => yes
init: pidfd-open a fp            => ok
init: pidfd-send fp 0            => ok
