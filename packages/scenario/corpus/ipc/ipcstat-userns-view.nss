@title: IPC_STAT shows the owner as the caller's user namespace maps it, the overflow id when unmapped
# K1.1, K1.4; ipc/util.c kernel_to_ipc64_perm (from_kuid_munged in the caller's user namespace)
@needs: user,ipc
init: shmget 3 create            => 0
init: ipcstat shm 0              => uid=0 gid=0 mode=600
init: clone c user               => 2
c: ipcstat shm 0                 => uid=65534 gid=65534 mode=600
init: uid_map c "0 0 1"          => ok
init: gid_map c "0 0 1"          => ok
c: ipcstat shm 0                 => uid=0 gid=0 mode=600
