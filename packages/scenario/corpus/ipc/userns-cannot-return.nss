@title: root of a child user namespace can make its own ipc namespace but cannot setns back into the inherited one
# I2.1, U3.5: ipcns_install needs CAP_SYS_ADMIN over the target's owner
@needs: user,ipc
# The rules of the errors it shows: Q1.13, C8.18.
init: shmget 0x10 create         => 0
init: clone c -                  => 2
c: open c ipc old                => ok
c: unshare user                  => ok
c: unshare ipc                   => ok
c: ns ipc                        => ipc:2
c: shmget 0x10                   => ENOENT
c: setns-fd old                  => EPERM
c: ns ipc                        => ipc:2
c: shmget IPC_PRIVATE create     => 0
