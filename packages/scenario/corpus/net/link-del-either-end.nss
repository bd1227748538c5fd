@title: deleting either end of a veth deletes both, in one namespace or across two
# T2.7: veth's dellink unregisters the peer too
@needs: net
init: veth v0 v1                     => ok
init: link-del v1                    => ok
init: links                          => lo
init: veth w0 w1                     => ok
init: clone a net                    => 2
init: link-netns w1 a                => ok
a: link-del w1                       => ok
init: links                          => lo
init: veth x0 x1                     => ok
init: link-netns x1 a                => ok
init: link-del x0                    => ok
a: links                             => lo
