@title: a veth's MTU change is announced: the namespace gives its peer's namespace an id; the same MTU again is no change
# T5.4: dev_set_mtu's NETDEV_CHANGEMTU makes rtnetlink_event send the link (rtmsg_ifinfo), whose IFLA_LINK_NETNSID allocates one (peernet2id_alloc)
@needs: net
init: clone c net                       => 2
init: clone d net                       => 3
init: veth v0 v1                        => ok
init: link-netns v0 c                   => ok
init: link-netns v1 d                   => ok       # c holds v0, whose peer is in d; c has an id only for init's namespace
c: nsids                                => 0
c: link-mtu v0 1500                     => ok       # the MTU it has: nothing happens
c: nsids                                => 0
c: link-mtu v0 1400                     => ok
c: nsids                                => 0,1
