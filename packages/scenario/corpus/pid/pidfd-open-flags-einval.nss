@title: pidfd_open takes only the PIDFD_NONBLOCK and PIDFD_THREAD flags, and a positive pid
# C9.3: sys_pidfd_open -> EINVAL for any other flag bit, or a pid of 0 or below,
# before the pid is looked up. PIDFD_NONBLOCK is O_NONBLOCK (0x800), PIDFD_THREAD
# O_EXCL (0x80).
@needs: pid
init: clone a -                  => 2
init: pidfd-open a f 1           => EINVAL
init: pidfd-open a f 0x40        => EINVAL
init: pidfd-open a f 0x880       => ok
init: pidfd-open a g 0x800       => ok
init: pidfd-open a h 0x80        => ok
init: pidfd-open 0 z             => EINVAL
init: pidfd-open -1 z            => EINVAL
init: pidfd-open 99 z 1          => EINVAL    # the flags come before the lookup
init: pidfd-open 99 z            => ESRCH
init: pidfd-open 2 z             => ok
init: pidfd-send z SIGKILL       => ok
init: alive a                    => no
