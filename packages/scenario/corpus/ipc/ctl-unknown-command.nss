@title: shmctl, msgctl and semctl with a command the kernel does not know fail, whatever the id
@needs: ipc
# Q1.26: ksys_shmctl, ksys_msgctl, ksys_semctl: the default case
init: shmget 1 create          => 0
init: msgget 1 create          => 0
init: semget 1 create          => 0
init: ipcctl shm 0 99          => EINVAL
init: ipcctl msg 0 99          => EINVAL
init: ipcctl sem 0 99          => EINVAL
init: ipcctl shm 5000 4        => EINVAL
init: ipcctl sem 0 1000        => EINVAL
init: ipcs shm                 => 1
init: ipcctl shm 0 0           => ok
init: ipcctl msg 0 0           => ok
init: ipcctl sem 0 0           => ok
init: ipcs shm                 => 0
init: ipcs msg                 => 0
init: ipcs sem                 => 0
