@title: a moved link keeps its ifindex when the target has it free; later links there skip it
# T2.4: the index is kept if free in the target namespace
@needs: net
init: veth v0 v1                     => ok
init: veth w0 w1                     => ok
init: ifindex w1                     => 4
init: clone a net                    => 2
init: link-netns w1 a                => ok
a: ifindex w1                        => 4
a: veth a0 a1                        => ok
a: ifindex a1                        => 2
a: ifindex a0                        => 3
a: veth b0 b1                        => ok
a: ifindex b1                        => 5
a: ifindex b0                        => 6
