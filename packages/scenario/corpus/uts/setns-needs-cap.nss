@title: setns into a uts namespace needs CAP_SYS_ADMIN over its owner; a failed setns changes nothing
# I1.1: utsns_install -> EPERM
@needs: uts
# The rules of the errors it shows: C8.18.
init: clone a uts                => 2
a: sethostname A                 => ok
init: clone u -                  => 3
u: open a uts fa                 => ok
u: setuid 1000                   => ok
u: setns-fd fa                   => EPERM
u: hostname                      => nsproxy
u: ns uts                        => uts:1
