@title: a queue holds msg_qbytes bytes and messages (kernel.msgmnb when it was made); a full queue is EAGAIN with IPC_NOWAIT
# Q1.5; ipc/msg.c newque: q_qbytes = msg_ctlmnb; do_msgsnd: !msg_fits_inqueue and IPC_NOWAIT -> EAGAIN
@needs: ipc
# The rules of the errors it shows: Q1.30.
init: sysctl kernel.msgmnb 8     => ok
init: msgget IPC_PRIVATE create  => 0
init: sysctl kernel.msgmnb 16384 => ok
init: msgget IPC_PRIVATE create  => 1
init: ipcstat msg 0              => uid=0 gid=0 mode=600 qbytes=8 qnum=0 cbytes=0
init: msgsnd 0 1 5 abcde         => ok
init: msgsnd 0 1 4 abcd          => EAGAIN
init: msgsnd 1 1 4 abcd          => ok
init: msgsnd 0 1 3 abc           => ok
init: msgsnd 0 1 0               => ok
init: msgsnd 0 1 1 x             => EAGAIN
init: ipcstat msg 0              => uid=0 gid=0 mode=600 qbytes=8 qnum=3 cbytes=8
init: msgrcv 0 64 0              => mtype=1 size=5 text=abcde
init: msgsnd 0 1 4 abcd          => ok
init: sysctl kernel.msgmnb 2     => ok
init: msgget IPC_PRIVATE create  => 2
init: msgsnd 2 1 0               => ok
init: msgsnd 2 1 0               => ok
init: msgsnd 2 1 0               => EAGAIN   # q_qbytes also bounds the number of messages
