@title: kernel.shm_next_id picks the next id once; a stale sequence number is EINVAL
# Q1.5 (*_next_id, CONFIG_CHECKPOINT_RESTORE); ipc/util.c ipc_obtain_object_check
@needs: ipc
# The rules of the errors it shows: Q1.24, Q1.25.
init: sysctl kernel.shm_next_id  => -1
init: sysctl kernel.shm_next_id 32770 => ok
init: shmget IPC_PRIVATE create  => 32770
init: sysctl kernel.shm_next_id  => -1
init: shmget IPC_PRIVATE create  => 0
init: ipcrm shm 2                => EINVAL
init: ipcrm shm 32770            => ok
init: ipcrm shm -1               => EINVAL
init: ipcs shm                   => 1
