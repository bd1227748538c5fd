@title: an unprivileged task can unshare user and uts together, then set its own hostname
# Q2.2, U3.5; gVisor fork.cc NewUserNamespacePermitsAllOtherNamespaces
@needs: user,uts
init: clone u -                  => 2
u: setuid 1000                   => ok
u: unshare user,uts              => ok
u: sethostname inner             => ok
u: hostname                      => inner
u: ns uts                        => uts:2
init: hostname                   => nsproxy
