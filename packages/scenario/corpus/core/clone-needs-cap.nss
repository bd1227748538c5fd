@title: clone with uts without CAP_SYS_ADMIN is EPERM, with user,uts it works
# C5.3: CAP_SYS_ADMIN in the child's credential user ns; with CLONE_NEWUSER
# the caller owns it (U3.1 owner rule).
@needs: user,uts
init: clone a -                  => 2
a: setuid 1000                   => ok
a: clone b uts                   => EPERM
a: clone c user,uts              => 3
c: ns uts                        => uts:2
c: ns user                       => user:2
a: ns uts                        => uts:1
b: ns uts                        => ENOTASK # a failed clone makes no task
