@title: a message longer than kernel.msgmax is EINVAL, checked before the queue id; a message sent earlier stays receivable
# Q1.5; ipc/msg.c do_msgsnd: msgsz > msg_ctlmax or (long) msgsz < 0 -> EINVAL, then mtype < 1 -> EINVAL, then the id
@needs: ipc
# The rules of the errors it shows: Q1.28, Q1.24, Q1.29.
init: msgget IPC_PRIVATE create  => 0
init: sysctl kernel.msgmax       => 8192
init: msgsnd 0 1 8192            => ok
init: msgsnd 0 1 8193            => EINVAL
init: msgsnd 7 1 8193            => EINVAL
init: msgsnd 7 1 8192            => EINVAL
init: msgsnd 0 1 -1              => EINVAL
init: msgsnd 0 0 5 hello         => EINVAL
init: sysctl kernel.msgmax 4     => ok
init: msgsnd 0 1 5 hello         => EINVAL
init: msgsnd 0 1 4 hello         => ok
init: ipcstat msg 0              => uid=0 gid=0 mode=600 qbytes=16384 qnum=2 cbytes=8196
init: msgrcv 0 8192 0            => mtype=1 size=8192
init: msgrcv 0 64 0              => mtype=1 size=4 text=hell
