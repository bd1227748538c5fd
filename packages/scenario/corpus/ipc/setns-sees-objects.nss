@title: setns into another ipc namespace makes its objects visible, and hides the old ones
# I2.1, I2.2; LTP setns02
@needs: ipc
# The rules of the errors it shows: Q1.13.
init: clone a ipc                => 2
a: shmget 0x42 create            => 0
init: shmget 0x43 create         => 0
init: shmget 0x42                => ENOENT
init: clone b -                  => 3
b: setns a ipc                   => ok
b: shmget 0x42                   => 0
b: shmget 0x43                   => ENOENT
b: ipcs shm                      => 1
b: ns ipc                        => ipc:2
init: ipcs shm                   => 1
