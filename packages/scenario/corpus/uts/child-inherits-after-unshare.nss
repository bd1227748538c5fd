@title: children cloned after an unshare inherit the new uts namespace and its name
# Q2.1, F2.12: nsproxy is copied on clone
@needs: uts
init: clone a -                  => 2
a: unshare uts                   => ok
a: sethostname x                 => ok
a: clone b -                     => 3
b: hostname                      => x
b: ns uts                        => uts:2
init: clone c -                  => 4
c: hostname                      => nsproxy
