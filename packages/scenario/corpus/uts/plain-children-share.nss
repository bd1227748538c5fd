@title: children cloned without CLONE_NEWUTS share one uts namespace and see each other's hostname
# Q2.3; LTP utsname01, utsname02
@needs: uts
init: clone a -                  => 2
init: clone b -                  => 3
a: sethostname LTP_HOSTNAME      => ok
b: hostname                      => LTP_HOSTNAME
init: hostname                   => LTP_HOSTNAME
b: ns uts                        => uts:1
