@title: setns commits only after every install passed; the owner of a user namespace enters it without capabilities
# C8.11: a's uts install from b passes alone, but with net (whose owner is the world's user
# namespace, where a has no CAP_SYS_ADMIN) the call fails and a keeps its uts namespace.
# I5.7: with an empty capability set, a enters the child user namespace it created (the owner rule).
@needs: user,uts,net
init: clone a user                  => 2
init: uid_map a "0 0 1"             => ok
init: setgroups a deny              => ok
init: gid_map a "0 0 1"             => ok
a: clone b uts                      => 3
a: ns uts                           => uts:1
a: setns-pidfd b uts,net            => EPERM
a: ns uts                           => uts:1
a: setns-pidfd b uts                => ok
a: ns uts                           => uts:2
a: capset 0 0 0                     => ok
a: caps                             => 0000000000000000
a: ns user                          => user:2
a: clone c user                     => 4
a: setns c user                     => ok
a: ns user                          => user:3
