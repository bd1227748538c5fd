@title: kernel.sem's SEMMNS and kernel.shmall bound new sets and segments (ENOSPC); a SEMMNI above IPCMNI is ERANGE but the other three values are kept
# Q1.22: newary refuses a set that does not fit in what SEMMNS leaves (ipc/sem.c)
# Q1.18: newseg refuses a segment whose pages do not fit in what kernel.shmall leaves (ipc/shm.c)
# Q1.54: proc_ipc_sem_dointvec / sem_check_semmni: SEMMNI outside [0, IPCMNI] -> ERANGE, SEMMNI kept, the rest written
@needs: ipc
init: sysctl kernel.sem                     => 32000 1024000000 500 32000
init: sysctl kernel.sem "32000 0 500 32000" => ok
init: semget IPC_PRIVATE create             => ENOSPC   # SEMMNS 0: no room for one semaphore
init: sysctl kernel.sem "250 1 32 40000"    => ERANGE   # 40000 > IPCMNI (32768)
init: sysctl kernel.sem                     => 250 1 32 32000
init: semget IPC_PRIVATE create             => 0
init: semget IPC_PRIVATE create             => ENOSPC   # SEMMNS 1 is used up
init: ipcrm sem 0                           => ok
init: semget IPC_PRIVATE create             => 1
init: sysctl kernel.shmall 0                => ok
init: shmget IPC_PRIVATE create             => ENOSPC   # one page over a total of 0
init: sysctl kernel.shmall 1                => ok
init: shmget IPC_PRIVATE create             => 0
init: shmget IPC_PRIVATE create             => ENOSPC
