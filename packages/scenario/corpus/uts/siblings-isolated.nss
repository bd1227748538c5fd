@title: sibling children with CLONE_NEWUTS are isolated; each starts with the original name
# Q2.1, Q2.3; LTP utsname03 -m clone
@needs: uts
init: clone a uts                => 2
a: sethostname alpha             => ok
init: clone b uts                => 3
b: hostname                      => nsproxy
init: hostname                   => nsproxy
a: hostname                      => alpha
a: ns uts                        => uts:2
b: ns uts                        => uts:3
