@title: setns through a pidfd of a task the caller cannot see works: only ptrace access and the installs decide
# K2.4: validate_nsset does not look the pidfd's task up in the caller's pid
# namespace. A task of a new pid namespace inherits init's pidfd of z, which it
# does not see, and joins z's uts namespace through it; the pid namespace's own
# install still refuses z's namespace, an ancestor of the caller's (EINVAL).
@needs: pid,uts
init: clone z uts                => 2
z: sethostname zed               => ok
init: pidfd-open z f             => ok
init: clone a pid                => 3
a: pid z                         => 0
a: setns-pidfd z uts             => ESRCH     # pidfd_open cannot find z
a: setns-fd f uts                => ok
a: hostname                      => zed
a: ns uts                        => uts:2
a: setns-fd f pid                => EINVAL
