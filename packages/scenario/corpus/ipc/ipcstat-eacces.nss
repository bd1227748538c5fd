@title: IPC_STAT needs read permission; a lookup without permission bits does not
# K1.6, U3.5; ipc/util.c ipcperms: requested bits against owner/group/other bits, else CAP_IPC_OWNER; EACCES
@needs: ipc
# The rules of the errors it shows: Q1.15, Q1.24.
init: msgget 4 create            => 0
init: clone u -                  => 2
u: setuid 1000                   => ok
u: ipcstat msg 0                 => EACCES
u: msgget 4                      => 0
u: msgget 4 create               => EACCES
u: ipcstat msg 1                 => EINVAL
init: ipcstat msg 0              => uid=0 gid=0 mode=600 qbytes=16384 qnum=0 cbytes=0
