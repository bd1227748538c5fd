@title: a failing ipc install undoes the uts install of the same pidfd setns
# C8.9: all-or-nothing; I2.1: c has no CAP_SYS_ADMIN over the initial ipc
# namespace's owner, while t's new uts namespace is owned by c's user ns.
@needs: user,uts,ipc
# The rules of the errors it shows: C8.18.
init: clone c user               => 2
c: clone t uts                   => 3
c: setns-pidfd t uts,ipc         => EPERM
c: ns uts                        => uts:1
c: ns ipc                        => ipc:1
c: setns-pidfd t uts             => ok
c: ns uts                        => uts:2
