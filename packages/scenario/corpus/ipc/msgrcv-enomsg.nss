@title: msgrcv picks a message by msgtyp; none matching is ENOMSG with IPC_NOWAIT; a longer one is E2BIG unless MSG_NOERROR
# ipc/msg.c do_msgrcv, convert_mode, find_msg: no message and IPC_NOWAIT -> ENOMSG; bufsz < m_ts -> E2BIG; LTP msg_comm.c
@needs: ipc
# The rules of the errors it shows: Q1.33, Q1.32, Q1.34, Q1.31.
init: msgget 5 create            => 0
init: msgrcv 0 64 0              => ENOMSG
init: msgsnd 0 3 5 three         => ok
init: msgsnd 0 1 3 one           => ok
init: msgsnd 0 2 3 two           => ok
init: msgrcv 0 64 5              => ENOMSG
init: msgrcv 0 64 1 copy         => mtype=1 size=3 text=one
init: msgrcv 0 64 7 copy         => ENOMSG
init: msgrcv 0 64 0 copy except  => EINVAL
init: msgrcv 0 64 -2             => mtype=1 size=3 text=one
init: msgrcv 0 64 3 except       => mtype=2 size=3 text=two
init: msgrcv 0 2 0               => E2BIG
init: msgrcv 0 -1 0              => EINVAL
init: msgrcv 0 2 0 noerror       => mtype=3 size=2 text=th
init: ipcstat msg 0              => uid=0 gid=0 mode=600 qbytes=16384 qnum=0 cbytes=0
init: msgrcv 0 64 0              => ENOMSG
