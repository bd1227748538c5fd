@title: clone and unshare with ipc make new ipc namespaces, one per call, as they do for uts
# C4.1 / C4.2: each CLONE_NEW* bit gets a brand new namespace of its type in
# the same call; F2.12 unshare moves the caller.
@needs: uts,ipc
init: clone a uts,ipc            => 2
a: ns uts                        => uts:2
a: ns ipc                        => ipc:2
a: unshare ipc                   => ok
a: ns ipc                        => ipc:3
a: ns uts                        => uts:2
init: clone b -                  => 3
b: setns a ipc any               => ok
b: ns ipc                        => ipc:3
b: ns uts                        => uts:1
