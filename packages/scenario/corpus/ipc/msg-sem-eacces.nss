@title: msgsnd needs write, msgrcv read, semop alter (or read, to wait for zero) permission on the object
# K1.6, U3.5; ipc/msg.c do_msgsnd ipcperms(S_IWUGO), do_msgrcv ipcperms(S_IRUGO); ipc/sem.c __do_semtimedop alter ? S_IWUGO : S_IRUGO
@needs: ipc
# The rules of the errors it shows: Q1.15, Q1.38, Q1.24.
init: msgget 1 create            => 0
init: semget 1 create            => 0
init: msgsnd 0 1 2 hi            => ok
init: clone u -                  => 2
u: setuid 1000                   => ok
u: msgsnd 0 1 2 hi               => EACCES
u: msgrcv 0 64 0                 => EACCES
u: semop 0 0:0                   => EACCES
u: semop 0 0:1                   => EACCES
u: semop 0 5:1                   => EFBIG
u: semop 1 0:1                   => EINVAL
init: msgrcv 0 64 0              => mtype=1 size=2 text=hi
