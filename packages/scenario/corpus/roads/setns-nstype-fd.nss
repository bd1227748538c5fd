@title: setns(nstype, fd), the order first proposed: the same call as setns(fd, nstype) with its arguments swapped
# R2.1 (the road's call); its checks are setns(2)'s: C8.2 (nstype must match
# the ns file, 0 for any), C9.1 (no such fd). Road setns-nstype-fd: the model
# only; the real backend skips this file (setns-fd in the core corpus is the
# merged order, on both kernels).
@road: setns-nstype-fd
@needs: uts,ipc
init: clone a uts                => 2
a: sethostname box               => ok
init: open a uts fu              => ok
init: clone b -                  => 3
b: setns-nstype uts fu           => ok
b: hostname                      => box
init: clone c -                  => 4
c: setns-nstype any fu           => ok
c: ns uts                        => uts:2
init: clone d -                  => 5
d: setns-nstype ipc fu           => EINVAL
d: setns-nstype uts nofd         => EBADF
d: ns uts                        => uts:1
