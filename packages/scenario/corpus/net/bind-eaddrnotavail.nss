@title: an IPv4 bind needs a local address once the namespace has a local table; before its first address any address binds
# T1.3, T1.4, T8.2: a new namespace has no local routing table until an address is added, and the lookup then answers broadcast
@needs: net
init: clone a net                    => 2
a: bind tcp 9000 s 10.0.0.1          => ok              # no local table yet
a: bind tcp 9000 s6 ::1              => EADDRNOTAVAIL   # IPv6 looks for the address itself; lo is DOWN
a: link-up lo                        => ok              # 127.0.0.1/8: the local table is made
a: link-down lo                      => ok              # and stays
a: bind tcp 9001 t 10.0.0.1          => EADDRNOTAVAIL
a: bind tcp 9001 t 127.0.0.1         => ok
a: veth v0 v1                        => ok
a: addr-add v0 10.0.0.1/24           => ok
a: bind tcp 9002 w 10.0.0.1          => ok              # the address of a DOWN link is local
a: link-up lo                        => ok
a: bind tcp 9002 u ::1               => ok
