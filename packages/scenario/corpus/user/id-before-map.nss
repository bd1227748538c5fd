@title: ids without a mapping read as the overflow ids 65534 until the parent writes the maps
@needs: user
# U1.7, K1.4, U2.21; LTP userns01/02
init: clone a user           => 2
a: id                        => uid=65534 gid=65534
a: read uid_map a            => -                   # the maps start empty (gVisor proc_pid_uid_gid_map.cc IsInitiallyEmpty)
a: read gid_map a            => -
init: uid_map a "100 0 1"    => ok
a: id                        => uid=100 gid=65534
init: gid_map a "200 0 1"    => ok                  # a privileged writer needs no setgroups deny (LTP userns02.c)
a: id                        => uid=100 gid=200
init: id                     => uid=0 gid=0
