@title: the same key in two sibling ipc namespaces names two different message queues
# Q1.2; LTP msg_comm
@needs: ipc
# The rules of the errors it shows: Q1.13.
init: clone a ipc                => 2
init: clone b ipc                => 3
a: msgget 124426 create          => 0
b: msgget 124426                 => ENOENT
b: msgget 124426 create          => 0
a: msgget IPC_PRIVATE create     => 1
a: ipcs msg                      => 2
b: ipcs msg                      => 1
init: ipcs msg                   => 0
init: msgget 124426              => ENOENT
