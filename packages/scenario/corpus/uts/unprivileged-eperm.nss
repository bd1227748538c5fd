@title: without CAP_SYS_ADMIN a task can neither set names nor create a uts namespace
# Q2.2, F3.2; LTP utsname04, gVisor uname.cc UnprivilegedSetNames
@needs: uts
# The rules of the errors it shows: C6.2, C5.3.
init: clone u -                  => 2
u: setuid 1000                   => ok
u: sethostname x                 => EPERM
u: setdomainname x               => EPERM
u: unshare uts                   => EPERM
u: clone v uts                   => EPERM
u: hostname                      => nsproxy
u: ns uts                        => uts:1
