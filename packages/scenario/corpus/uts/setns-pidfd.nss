@title: setns through a pidfd moves into the target's uts namespace
# I1.2; gVisor pidfd_test.cc SetnsSingleNamespaceWorks
@needs: uts
init: clone c uts                => 2
c: sethostname pidfd-uts-test    => ok
init: clone d -                  => 3
d: setns-pidfd c uts             => ok
d: hostname                      => pidfd-uts-test
d: ns uts                        => uts:2
init: hostname                   => nsproxy
