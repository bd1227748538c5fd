@title: the objects of an ipc namespace outlive its tasks while an open fd pins the namespace
# Q1.10, N3.1: a namespace and its objects live until the last reference goes
@needs: ipc
init: clone a ipc                => 2
a: shmget 9 create               => 0
a: semget 9 create               => 0
init: open a ipc fa              => ok
a: exit                          => ok
init: alive a                    => no
init: clone b -                  => 3
b: setns-fd fa                   => ok
b: ns ipc                        => ipc:2
b: shmget 9                      => 0
b: semget 9                      => 0
b: ipcs shm                      => 1
init: close fa                   => ok
init: ipcs shm                   => 0
