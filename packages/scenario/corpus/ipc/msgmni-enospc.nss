@title: more message queues than kernel.msgmni is ENOSPC; a removal makes room
# Q1.5; ipc/util.c ipc_addid: in_use >= limit -> ENOSPC
@needs: ipc
# The rules of the errors it shows: Q1.16, Q1.53.
init: sysctl kernel.msgmni 2     => ok
init: msgget IPC_PRIVATE create  => 0
init: msgget 8 create            => 1
init: msgget IPC_PRIVATE create  => ENOSPC
init: msgget 8                   => 1
init: ipcrm msg 0                => ok
init: msgget IPC_PRIVATE create  => 2
init: sysctl kernel.msgmni 32769 => EINVAL
init: sysctl kernel.msgmni       => 2
