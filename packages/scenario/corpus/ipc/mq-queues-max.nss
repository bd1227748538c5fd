@title: fs.mqueue.queues_max is per ipc namespace: ENOSPC beyond it, the default 256 in a new namespace
# Q1.6, Q1.8; ipc/mqueue.c mqueue_create_attr (queues_max, unless CAP_SYS_RESOURCE in the initial user ns)
@needs: ipc
# The rules of the errors it shows: Q1.49.
init: sysctl fs.mqueue.queues_max 1 => ok
init: clone u -                  => 2
u: setuid 1000                   => ok
u: mq_open /a create             => ok
u: mq_open /b create             => ENOSPC
u: mq_open /a                    => ok
u: mq_unlink /a                  => ok
u: mq_open /b create             => ok
u: mq_unlink /b                  => ok
init: clone c ipc                => 3
c: sysctl fs.mqueue.queues_max   => 256
