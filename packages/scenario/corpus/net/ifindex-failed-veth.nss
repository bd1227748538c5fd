@title: a veth that fails on its second name still used up an index: its peer had been registered
# T2.6, T6.3: the peer end is registered first; EEXIST for the named end undoes the peer but not its index
@needs: net
init: veth v0 v1                     => ok
init: veth v2 v0                     => EEXIST   # the peer's name is taken: nothing is registered
init: veth v3 v4                     => ok
init: ifindex v4                     => 4
init: veth v5 v5                     => EEXIST   # peer v5 registered (index 6), then the named end clashes
init: veth v6 v7                     => ok
init: ifindex v7                     => 7
init: ifindex v6                     => 8
