@title: unshare gives a new ipc namespace; setns with a saved fd returns to the old one and its objects
# F2.12, I2.2; gVisor setns.cc ChangeIPCNamespace
@needs: ipc
# The rules of the errors it shows: Q1.13.
init: msgget 5 create            => 0
init: clone a -                  => 2
a: open a ipc saved              => ok
a: unshare ipc                   => ok
a: ns ipc                        => ipc:2
a: msgget 5                      => ENOENT
a: setns-fd saved                => ok
a: ns ipc                        => ipc:1
a: msgget 5                      => 0
