@title: close of a descriptor that is not open fails with EBADF, and closes nothing else
# C9.2: close(2) of a number with no open file (file_close_fd finds none) -> EBADF.
# A name the actor does not hold (never opened, or closed already) is closed as
# fd -1, so the kernel itself answers.
@needs: uts
init: clone a uts                => 2
init: open a uts f               => ok
init: open a uts g               => ok
init: close f                    => ok
init: close f                    => EBADF
init: close never                => EBADF
init: fdns g                     => uts:2     # the failed closes left g open
init: close g                    => ok
