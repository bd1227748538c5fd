@title: IPC_PRIVATE makes a new object on every call, even without IPC_CREAT
# Q1.2; ipc/util.c ipcget: IPC_PRIVATE goes to ipcget_new, no key lookup
@needs: ipc
init: shmget IPC_PRIVATE         => 0
init: shmget IPC_PRIVATE         => 1
init: shmget IPC_PRIVATE create  => 2
init: msgget IPC_PRIVATE create  => 0
init: msgget IPC_PRIVATE create  => 1
init: semget IPC_PRIVATE         => 0
init: ipcs shm                   => 3
init: ipcs msg                   => 2
init: ipcs sem                   => 1
