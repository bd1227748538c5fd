@title: kernel.msgmax and kernel.msgmnb written in one ipc namespace limit only that namespace's messages
# Q1.5, Q1.8; ipc/msg.c do_msgsnd reads the caller's namespace's msg_ctlmax, newque its msg_ctlmnb
@needs: ipc
# The rules of the errors it shows: Q1.28.
init: clone a ipc                => 2
a: sysctl kernel.msgmax 4        => ok
a: sysctl kernel.msgmnb 6        => ok
a: msgget IPC_PRIVATE create     => 0
init: msgget IPC_PRIVATE create  => 0
a: msgsnd 0 1 5 hello            => EINVAL
init: msgsnd 0 1 5 hello         => ok
init: sysctl kernel.msgmax       => 8192
init: ipcstat msg 0              => uid=0 gid=0 mode=600 qbytes=16384 qnum=1 cbytes=5
a: ipcstat msg 0                 => uid=0 gid=0 mode=600 qbytes=6 qnum=0 cbytes=0
init: clone b ipc                => 3
b: sysctl kernel.msgmax          => 8192
b: sysctl kernel.msgmnb          => 16384
