@title: full capabilities in a new user namespace do not reach the inherited uts namespace
# Q2.2, U3.5; gVisor uname.cc, unshare.cc UnshareCapTest
@needs: user,uts
init: clone a user               => 2
a: caps                          => 000001ffffffffff
a: sethostname x                 => EPERM
a: setdomainname x               => EPERM
a: ns uts                        => uts:1
a: clone b uts                   => 3
b: sethostname y                 => ok
a: hostname                      => nsproxy
