@title: setns-pidfd to a task outside the caller's pid namespace is ESRCH
# K2.2: pidfd_open looks the pid up in the caller's active pid namespace; a
# task of an ancestor namespace is not there. The other way round works.
@needs: pid,uts
init: clone p pid                => 2
p: getpid                        => 1
p: pid init                      => 0
p: setns-pidfd init uts          => ESRCH
init: clone a uts                => 3
init: setns-pidfd a uts          => ok
init: ns uts                     => uts:2
p: setns-pidfd init uts          => ESRCH
