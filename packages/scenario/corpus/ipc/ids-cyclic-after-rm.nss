@title: a removed id is not reused at once: the next object takes the next index
# Q1.2; ipc/util.c ipc_idr_alloc: idr_alloc_cyclic from the last index handed out
@needs: ipc
# The rules of the errors it shows: Q1.24, Q1.13.
init: shmget 1 create            => 0
init: shmget 2 create            => 1
init: ipcrm shm 0                => ok
init: ipcrm shm 0                => EINVAL
init: shmget 1                   => ENOENT
init: shmget 3 create            => 2
init: shmget 1 create            => 3
init: ipcrm shm 3                => ok
init: msgget IPC_PRIVATE create  => 0
init: ipcrm msg 0                => ok
init: msgget IPC_PRIVATE create  => 1
init: ipcs shm                   => 2
