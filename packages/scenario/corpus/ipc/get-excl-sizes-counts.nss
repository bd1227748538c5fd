@title: IPC_CREAT|IPC_EXCL of a key that exists fails; a get asking for a bigger segment or set than the existing one fails; a new set needs a semaphore
@needs: ipc
# Q1.14: ipcget_public: EEXIST with IPC_CREAT|IPC_EXCL, for every kind
init: shmget 7 excl            => 0
init: shmget 7 excl            => EEXIST
init: shmget 7 create          => 0
init: msgget 7 excl            => 0
init: msgget 7 excl            => EEXIST
init: semget 7 excl            => 0
init: semget 7 excl            => EEXIST
init: ipcs shm                 => 1
# Q1.19: shm_more_checks: the existing segment has 8192 bytes
init: shmget 8 create 8192     => 1
init: shmget 8 - 8192          => 1
init: shmget 8 - 8193          => EINVAL
init: shmget 8 - 1             => 1
# Q1.21: newary: a new set of no semaphore
init: semget 9 create 0        => EINVAL
init: semget 9 - 0             => ENOENT
init: ipcs sem                 => 1
# Q1.23: sem_more_checks: the existing set has 3 semaphores
init: semget 9 create 3        => 1
init: semget 9 - 3             => 1
init: semget 9 - 4             => EINVAL
init: semget 9 create 4        => EINVAL
init: semget 9 - 0             => 1
