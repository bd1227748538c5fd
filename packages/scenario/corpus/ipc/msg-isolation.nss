@title: a message sent in one ipc namespace cannot be received by id from another; a plain child shares it
# Q1.2; LTP mesgq_nstest, msg_comm; ipc/msg.c msq_obtain_object_check -> EINVAL
@needs: ipc
# The rules of the errors it shows: Q1.24, Q1.33.
init: msgget 124426 create       => 0
init: msgsnd 0 5 11 "My message!" => ok
init: clone a ipc                => 2
a: msgrcv 0 64 5                 => EINVAL
a: msgsnd 0 5 2 hi               => EINVAL
a: msgget 124426 create          => 0
a: msgsnd 0 2 6 "from a"         => ok
a: msgrcv 0 64 5                 => ENOMSG
init: clone b -                  => 3
b: msgrcv 0 64 5                 => mtype=5 size=11 text=My message!
init: msgrcv 0 64 0              => ENOMSG
a: msgrcv 0 64 0                 => mtype=2 size=6 text=from a
