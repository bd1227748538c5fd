@title: a new ipc namespace starts with the default limits, not its creator's
# Q1.5, Q1.8: the ipc sysctls are per namespace and reset in a new one
@needs: ipc
# The rules of the errors it shows: Q1.16.
init: sysctl kernel.shmmni 1     => ok
init: shmget IPC_PRIVATE create  => 0
init: shmget IPC_PRIVATE create  => ENOSPC
init: clone a ipc                => 2
a: sysctl kernel.shmmni          => 4096
a: shmget IPC_PRIVATE create     => 0
a: shmget IPC_PRIVATE create     => 1
a: sysctl kernel.shmmni 2        => ok
init: sysctl kernel.shmmni       => 1
a: sysctl kernel.sem             => 32000 1024000000 500 32000
a: sysctl fs.mqueue.queues_max   => 256
