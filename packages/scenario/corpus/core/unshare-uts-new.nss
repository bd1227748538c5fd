@title: unshare uts moves the caller into a new uts namespace
# F2.12: unshare of uts moves the caller itself; Q2.3 names stay private to it.
@needs: uts
init: clone a -                  => 2
a: ns uts                        => uts:1
a: unshare uts                   => ok
a: ns uts                        => uts:2
a: sethostname alpha             => ok
init: ns uts                     => uts:1
init: hostname                   => nsproxy
