@title: root of a child user namespace may remove anyone's objects in an ipc namespace that user namespace owns, not elsewhere
# U3.1 capability walk; ipc/util.c ipcctl_obtain_check (CAP_SYS_ADMIN over ns->user_ns)
@needs: user,ipc
# The rules of the errors it shows: Q1.27.
init: clone u -                  => 2
u: setuid 1000                   => ok
u: clone c user,ipc              => 3
init: clone j -                  => 4
j: setns c ipc                   => ok
j: shmget 7 create               => 0
c: ipcrm shm 0                   => ok
j: ipcs shm                      => 0
u: clone d user                  => 5
init: shmget 8 create            => 0
d: ipcrm shm 0                   => EPERM
init: ipcs shm                   => 1
