@title: setns into an ipc namespace needs CAP_SYS_ADMIN over its owner
# I2.1: ipcns_install -> EPERM; the caller stays where it was
@needs: ipc
# The rules of the errors it shows: C8.18, Q1.13.
init: clone a ipc                => 2
a: msgget 9 create               => 0
init: clone u -                  => 3
u: open a ipc fa                 => ok
u: setuid 1000                   => ok
u: setns-fd fa                   => EPERM
u: ns ipc                        => ipc:1
u: msgget 9                      => ENOENT
init: clone v -                  => 4
v: setns a ipc any               => ok
v: msgget 9                      => 0
