@title: semget with more semaphores than SEMMSL is EINVAL, even for a key that exists
# Q1.5; ipc/sem.c ksys_semget: nsems > sc_semmsl -> EINVAL before the key lookup
@needs: ipc
# The rules of the errors it shows: Q1.20.
init: semget 3 create            => 0
init: sysctl kernel.sem "0 1024000000 500 32000" => ok
init: sysctl kernel.sem          => 0 1024000000 500 32000
init: semget IPC_PRIVATE create  => EINVAL
init: semget 3                   => EINVAL
init: sysctl kernel.sem "1 1024000000 500 32000" => ok
init: semget 3                   => 0
init: ipcs sem                   => 1
