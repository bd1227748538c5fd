@title: unshare(CLONE_NEWIPC) orphans the caller's segments in the old namespace; with kernel.shm_rmid_forced they go at once
# Q1.9: ksys_unshare runs exit_shm for the caller (kernel/fork.c)
# Q1.56: with shm_rmid_forced 1, a segment nobody attached goes when its creator leaves the namespace
@needs: ipc
init: clone a -                            => 2
a: shmget IPC_PRIVATE create               => 0
a: unshare ipc                             => ok
init: ipcs shm                             => 1   # orphaned, kept while shm_rmid_forced is 0
init: sysctl kernel.shm_rmid_forced 1      => ok
init: ipcs shm                             => 0   # setting it destroys the orphan
init: clone b -                            => 3
b: shmget IPC_PRIVATE create               => 1
b: shmget 7 create                         => 2
init: ipcs shm                             => 2
b: unshare ipc                             => ok
init: ipcs shm                             => 0
b: ipcs shm                                => 0
