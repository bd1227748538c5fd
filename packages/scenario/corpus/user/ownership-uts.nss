@title: root of a child user namespace may change a uts namespace that namespace owns, not the inherited one
@needs: user,uts
# U3.5, U4.1, U3.3; gVisor fork.cc, uname.cc
# The rules of the errors it shows: Q2.2.
init: clone a user               => 2
a: sethostname x                 => EPERM   # the world's uts namespace is owned by user:1
a: unshare uts                   => ok      # CAP_SYS_ADMIN in user:2, which owns the new one
a: sethostname inner             => ok
a: hostname                      => inner
init: hostname                   => nsproxy
a: open a uts fu                 => ok
a: ioctl fu NS_GET_USERNS fo     => ok
a: fdns fo                       => user:2
a: ns user                       => user:2
init: clone b -                  => 3
b: setuid 1000                   => ok
b: sethostname x                 => EPERM
b: clone c user,uts              => 4       # an unprivileged uid may create both: the user namespace comes first and owns the uts one
c: sethostname cee               => ok
c: hostname                      => cee
b: hostname                      => nsproxy
