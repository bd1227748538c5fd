@title: a segment outlives its creator unless kernel.shm_rmid_forced is set, which also destroys the orphans
# Q1.56: with shm_rmid_forced set, the orphan goes at once and b's segment goes when b exits
# Q1.5 (shm_rmid_forced); ipc/shm.c exit_shm, shm_destroy_orphaned
@needs: ipc
init: clone a -                  => 2
a: shmget IPC_PRIVATE create     => 0
a: exit                          => ok
init: ipcs shm                   => 1
init: shmget IPC_PRIVATE create  => 1
init: sysctl kernel.shm_rmid_forced 1 => ok
init: ipcs shm                   => 1
init: clone b -                  => 3
b: shmget IPC_PRIVATE create     => 2
b: exit                          => ok
init: ipcs shm                   => 1
init: clone c ipc                => 4
c: sysctl kernel.shm_rmid_forced => 0
