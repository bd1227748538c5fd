@title: setns-pidfd on a task that has exited is ESRCH and changes nothing
# C8.7 / K2.2: an exited (and reaped) task has no pid: pidfd_open gives ESRCH.
@needs: uts
init: clone a uts                => 2
a: exit                          => ok
init: alive a                    => no
init: setns-pidfd a uts          => ESRCH
init: ns uts                     => uts:1
