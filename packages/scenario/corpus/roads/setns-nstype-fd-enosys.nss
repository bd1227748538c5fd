@title: without road setns-nstype-fd, setns(nstype, fd) is not a system call (ENOSYS): Linux has setns(fd, nstype)
# R2.1: the proposed order exists only on a kernel that opened the road; the
# merged order (setns-fd, C8.2) works as always. The real backend has no op
# for the proposed order, so it skips this file.
@needs: uts
init: clone a uts                => 2
init: open a uts fu              => ok
init: setns-nstype uts fu        => ENOSYS
init: setns-fd fu uts            => ok
init: ns uts                     => uts:2
