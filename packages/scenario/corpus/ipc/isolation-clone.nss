@title: a SysV key is visible to a plain child, not to a child in a new ipc namespace
# Q1.2; LTP shmnstest
@needs: ipc
# The rules of the errors it shows: Q1.13.
init: shmget 0xEAEAEA create    => 0
init: clone a -                  => 2
a: shmget 0xEAEAEA               => 0
init: clone b ipc                => 3
b: shmget 0xEAEAEA               => ENOENT
b: ipcs shm                      => 0
b: ns ipc                        => ipc:2
a: ns ipc                        => ipc:1
init: ipcs shm                   => 1
