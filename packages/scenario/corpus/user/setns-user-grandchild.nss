@title: CAP_SYS_ADMIN in a user namespace reaches every descendant: setns two levels down
@needs: user
# U3.2, I5.4
init: clone a user               => 2
init: uid_map a "0 0 1"          => ok
init: gid_map a "0 0 1"          => ok
a: clone g user                  => 3
init: open g user fg             => ok
init: clone b -                  => 4
b: setns-fd fg                   => ok
b: ns user                       => user:2
g: ns user                       => user:2
a: ns user                       => user:3
b: id                            => uid=65534 gid=65534
b: caps                          => 000001ffffffffff
