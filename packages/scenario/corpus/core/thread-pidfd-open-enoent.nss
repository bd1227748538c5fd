@title: pidfd_open of a thread that does not lead its thread group fails with ENOENT
# C9.4: without PIDFD_THREAD, pidfd_open wants a thread-group leader (pidfd_prepare): the tid of a
# second thread gives ENOENT, its leader's pid a pidfd.
@needs: uts
init: clone a -                  => 2
a: thread t                      => 3
init: setns-pidfd t uts          => ENOENT
init: setns-pidfd a uts          => ok
a: setns-pidfd t uts             => ENOENT
