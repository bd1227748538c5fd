@title: a plain child shares its parent's user namespace; clone or unshare with user gives a new one
@needs: user
# F1.16, F2.12; LTP userns05
init: clone a -              => 2
a: ns user                   => user:1
init: clone b user           => 3
b: ns user                   => user:2
init: clone c -              => 4
c: unshare user              => ok
c: ns user                   => user:3
c: caps                      => 000001ffffffffff
init: ns user                => user:1
b: clone d -                 => 5
d: ns user                   => user:2
