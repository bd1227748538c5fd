@title: a clone cannot share its semaphore undo list across ipc namespaces
@needs: ipc
# C5.4: CLONE_NEWIPC with CLONE_SYSVSEM is EINVAL, checked after the CAP_SYS_ADMIN check.
init: clone a ipc sysvsem            => EINVAL
init: clone a - sysvsem              => 2        # sharing the undo list in one namespace is fine
init: clone b ipc                    => 3
a: setuid 1000                       => ok
a: clone c ipc sysvsem               => EPERM    # no CAP_SYS_ADMIN: that check comes first
a: clone c ipc                       => EPERM
a: clone c - sysvsem                 => 4
