@title: setns needs CAP_SYS_ADMIN even to re-enter the caller's own uts namespace
# LTP setns01.c ("without CAP_SYS_ADMIN"); I1.1: CAP_SYS_ADMIN over the target's owner and over the own
# user ns. setuid(1000) from root clears the capability sets.
@needs: uts
# The rules of the errors it shows: C8.18.
init: clone a -                  => 2
a: open a uts fa                 => ok
a: setuid 1000                   => ok
a: setns a uts                   => EPERM
a: setns-fd fa                   => EPERM
a: ns uts                        => uts:1
