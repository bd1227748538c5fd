@title: same-key semaphores of sibling ipc namespaces are independent; semop is all or nothing, EAGAIN where it would block
# Q1.2; LTP sem_comm, gVisor SemOpNamespace; ipc/sem.c __do_semtimedop, perform_atomic_semop
@needs: ipc
# The rules of the errors it shows: Q1.39, Q1.38, Q1.40, Q1.24.
init: clone a ipc                => 2
init: clone b ipc                => 3
a: semget 154326 create          => 0
a: semop 0 0:1                   => ok
a: semop 0 0:-1                  => ok
a: semop 0 0:-1                  => EAGAIN
b: semget 154326 create          => 0
b: semop 0 0:1                   => ok
b: semop 0 0:-1                  => ok
a: semop 0 0:1,0:0               => EAGAIN   # +1, then wait for zero: nothing is kept
a: semop 0 0:0                   => ok
a: semop 0 1:1                   => EFBIG
a: semop 0 0:32767               => ok
a: semop 0 0:1                   => ERANGE
init: semop 0 0:1                => EINVAL
