@title: a moved link whose ifindex is taken in the target gets the target's next free index
# T2.4: on a clash of indexes a new one is allocated in the target namespace
@needs: net
init: clone a net                    => 2
a: veth a0 a1                        => ok
init: veth v0 v1                     => ok
init: ifindex v1                     => 2
init: link-netns v1 a                => ok
a: ifindex v1                        => 4
a: ifindex a1                        => 2
init: veth w0 w1                     => ok
init: ifindex w1                     => 4   # init goes on from its own last index
