@title: an open ns file keeps a net namespace and its veths after its tasks; closing it ends the namespace
# T3.1: an nsfs fd is a reference
@needs: net
init: veth v0 v1                     => ok
init: clone a net                    => 2
init: link-netns v1 a                => ok
init: open a net f                   => ok
a: exit                              => ok
init: links                          => lo,v0
init: fdns f                         => net:2
init: close f                        => ok
init: links                          => lo
