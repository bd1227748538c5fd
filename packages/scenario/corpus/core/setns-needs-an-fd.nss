@title: setns takes a file descriptor: open the namespace's file first; the open file keeps the namespace alive and carries its type, and once closed it is EBADF
@needs: uts,ipc
# C8.1, C8.2, N3.1 (setns(2): "fd refers to a namespace"; an open nsfs file pins the namespace).
# The rules of the errors it shows: C8.2, C9.1.
init: clone a uts                => 2
a: sethostname alpha             => ok
init: open a uts fa              => ok      # open /proc/2/ns/uts: the fd that setns takes
a: exit                          => ok
init: alive a                    => no
init: fdns fa                    => uts:2   # the open file still pins the namespace
init: setns-fd fa ipc            => EINVAL  # nstype must be the file's type (or 0)
init: setns-fd fa                => ok
init: hostname                   => alpha
init: close fa                   => ok
init: setns-fd fa                => EBADF   # no fd, no setns
