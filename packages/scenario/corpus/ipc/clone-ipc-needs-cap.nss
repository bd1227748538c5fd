@title: creating an ipc namespace needs CAP_SYS_ADMIN, unless a new user namespace comes with it
# F3.2; LTP clone11, gVisor fork.cc
@needs: user,ipc
# The rules of the errors it shows: C5.3, C6.2, Q1.13.
init: clone u -                  => 2
u: setuid 1000                   => ok
u: clone x ipc                   => EPERM
u: unshare ipc                   => EPERM
u: ns ipc                        => ipc:1
u: clone y user,ipc              => 3
y: ns ipc                        => ipc:2
y: shmget 1 create               => 0
u: shmget 1                      => ENOENT
