@title: without road nsproxy-ids, unshare_ns and bind_ns are not system calls (ENOSYS), as on Linux
# R1.1: the calls of a road exist only on a kernel that opened it (@road:);
# this scenario opens none, so the model answers as Linux would: ENOSYS.
# The real backend has no op for a call Linux lacks, so it skips this file.
@needs: uts
init: bind_ns 1 -                => ENOSYS
init: bind_ns 1 uts              => ENOSYS
init: unshare_ns uts             => ENOSYS
init: nsproxy-id                 => ENOSYS
init: ns uts                     => uts:1
