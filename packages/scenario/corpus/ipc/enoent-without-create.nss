@title: a key nobody created is ENOENT for every kind, and the lookup creates nothing
# Q1.2; ipc/util.c ipcget_public: no IPC_CREAT, no object -> ENOENT
@needs: ipc
# The rules of the errors it shows: Q1.13.
init: shmget 7                   => ENOENT
init: msgget 7                   => ENOENT
init: semget 7                   => ENOENT
init: ipcs shm                   => 0
init: ipcs msg                   => 0
init: ipcs sem                   => 0
init: semget 7 create            => 0
init: shmget 7                   => ENOENT
