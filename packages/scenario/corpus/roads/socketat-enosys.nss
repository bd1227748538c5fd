@title: without road socketat, socketat is not a system call (ENOSYS), as on Linux
# R3.1: the call exists only on a kernel that opened road socketat; this
# scenario opens none. The real backend has no op for a call Linux lacks, so
# it skips this file.
@needs: net
init: clone a net                => 2
init: open a net fa              => ok
init: socketat fa tcp s          => ENOSYS
init: sockns s                   => EBADF
