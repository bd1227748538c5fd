@title: a new net namespace holds only lo: DOWN, ifindex 1, no address, no route
# T1.3, T1.1: loopback is the one device a new net namespace starts with, registered DOWN and without addresses
@needs: net
init: clone a net                    => 2
a: ns net                            => net:2
a: links                             => lo
a: link-state lo                     => DOWN
a: link-carrier lo                   => no
a: ifindex lo                        => 1
a: addrs lo                          => -
a: routes                            => -
