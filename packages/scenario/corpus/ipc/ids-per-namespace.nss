@title: every ipc namespace and every kind has its own id space, starting at 0
# Q1.2; ipc/util.c ipc_idr_alloc: ids are seq << 15 | index, per namespace and kind
@needs: ipc
init: shmget 1 create            => 0
init: shmget 2 create            => 1
init: clone a ipc                => 2
a: shmget 1 create               => 0
a: shmget IPC_PRIVATE            => 1
init: shmget IPC_PRIVATE         => 2
a: msgget IPC_PRIVATE create     => 0
init: semget 5 create            => 0
a: semget 5 create               => 0
a: semget 6 create               => 1
init: clone b ipc                => 3
b: shmget IPC_PRIVATE create     => 0
b: msgget 1 create               => 0
a: shmget 1                      => 0
init: shmget 1                   => 0
