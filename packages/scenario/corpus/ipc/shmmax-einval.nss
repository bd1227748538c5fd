@title: a new segment larger than kernel.shmmax is EINVAL; an existing one is still found
# Q1.5; ipc/shm.c newseg (size > shmmax -> EINVAL), shm_more_checks
@needs: ipc
# The rules of the errors it shows: Q1.17.
init: shmget 1 create            => 0
init: sysctl kernel.shmmax 4095  => ok
init: shmget 2 create            => EINVAL
init: shmget IPC_PRIVATE         => EINVAL
init: shmget 1                   => 0
init: ipcs shm                   => 1
init: sysctl kernel.shmmax 4096  => ok
init: shmget 2 create            => 1
