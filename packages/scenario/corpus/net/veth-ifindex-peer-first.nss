@title: ifindex allocation: lo is 1, then a veth's peer end gets the next index and the named end the one after
# T1.3, T2.6, T6.5: the peer device is registered before the device named first
@needs: net
init: ifindex lo                     => 1
init: veth v0 v1                     => ok
init: ifindex v1                     => 2
init: ifindex v0                     => 3
init: veth w0 w1                     => ok
init: ifindex w1                     => 4
init: ifindex w0                     => 5
init: clone a net                    => 2
a: veth x0 x1                        => ok
a: ifindex x1                        => 2    # indexes are per namespace
a: ifindex x0                        => 3
