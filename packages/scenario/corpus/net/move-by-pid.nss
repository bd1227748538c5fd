@title: link-netns-pid moves a link by the pid of a task the actor sees, in either direction
# T2.1: IFLA_NET_NS_PID names the net namespace of a task of the caller's pid namespace
@needs: net
init: veth v0 v1                     => ok
init: clone a net                    => 2
init: link-netns-pid v1 a            => ok
a: links                             => lo,v1
a: link-netns-pid v1 init            => ok
a: links                             => lo
init: links                          => lo,v0,v1
