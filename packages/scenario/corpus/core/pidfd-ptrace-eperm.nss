@title: setns-pidfd without ptrace access to the target is EPERM, not EACCES
# C8.17: the pidfd path checks PTRACE_MODE_READ_REALCREDS and fails with EPERM;
# the same target through its ns file fails at open with EACCES (N2.3).
@needs: user,uts
init: clone a uts                => 2
init: clone c user               => 3
c: setns-pidfd a uts             => EPERM
c: setns a uts                   => EACCES
c: ns uts                        => uts:1
a: clone d -                     => 4
a: setuid 1000                   => ok
a: setns-pidfd d uts             => EPERM   # d inherited a's mm flags; a is non-dumpable now, and so is d
