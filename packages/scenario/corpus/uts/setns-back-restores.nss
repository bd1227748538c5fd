@title: setns back to a saved uts namespace restores the hostname, with nstype CLONE_NEWUTS or 0
# I1.2; LTP setns02, gVisor setns.cc ChangeUTSNamespace
@needs: uts
init: clone a -                  => 2
a: open a uts saved              => ok
a: unshare uts                   => ok
a: sethostname other             => ok
a: setns-fd saved uts            => ok
a: hostname                      => nsproxy
a: ns uts                        => uts:1
a: unshare uts                   => ok
a: sethostname third             => ok
a: setns-fd saved any            => ok
a: hostname                      => nsproxy
