@title: more operations than SEMOPM (third value of kernel.sem) in one semop is E2BIG, before the id; per namespace
# Q1.5, Q1.8; ipc/sem.c do_semtimedop: nsops > sc_semopm -> E2BIG, then nsops < 1 -> EINVAL
@needs: ipc
# The rules of the errors it shows: Q1.36, Q1.37, Q1.24.
init: semget IPC_PRIVATE create  => 0
init: semop 0 0:1,0:1,0:-1       => ok
init: sysctl kernel.sem "32000 1024000000 2 32000" => ok
init: semop 0 0:1,0:1,0:1        => E2BIG
init: semop 7 0:1,0:1,0:1        => E2BIG
init: semop 0 0:1,0:-1           => ok
init: semop 0 -                  => EINVAL
init: semop 7 0:1                => EINVAL
init: clone a ipc                => 2
a: sysctl kernel.sem             => 32000 1024000000 500 32000
a: semget IPC_PRIVATE create     => 0
a: semop 0 0:1,0:1,0:1           => ok
