@title: IPC_RMID needs to be the object's owner or creator, or CAP_SYS_ADMIN over the namespace's owner
# U3.5, K1.6; ipc/util.c ipcctl_obtain_check: euid == cuid or uid, or ns_capable(ns->user_ns, CAP_SYS_ADMIN), else EPERM
@needs: ipc
# The rules of the errors it shows: Q1.27.
init: shmget 5 create            => 0
init: msgget 5 create            => 0
init: clone u -                  => 2
u: setuid 1000                   => ok
u: ipcrm shm 0                   => EPERM
u: ipcrm msg 0                   => EPERM
u: semget IPC_PRIVATE create     => 0
u: ipcrm sem 0                   => ok
u: shmget IPC_PRIVATE create     => 1
init: ipcrm shm 1                => ok
init: ipcrm shm 0                => ok
init: ipcs shm                   => 0
init: ipcs msg                   => 1
