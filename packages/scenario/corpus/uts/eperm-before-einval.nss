@title: without CAP_SYS_ADMIN an over-long name is EPERM: the capability is checked first
# Q2.2, Q2.6; kernel/sys.c sethostname: ns_capable before the length check
@needs: uts
init: clone u -                  => 2
u: setuid 1000                   => ok
u: sethostname xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx => EPERM
u: setdomainname xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx => EPERM
init: sethostname xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx => EINVAL
