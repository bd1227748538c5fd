@title: link-netns moves one end of a veth into another task's net namespace, through its ns file
# T2.1, T2.6: IFLA_NET_NS_FD names the target; the pair stays linked across namespaces
@needs: net
init: veth v0 v1                     => ok
init: clone a net                    => 2
init: link-netns v1 a                => ok
init: links                          => lo,v0
a: links                             => lo,v1
a: link-state v1                     => DOWN
a: link-up v1                        => ok
init: link-up v0                     => ok
a: link-carrier v1                   => yes
