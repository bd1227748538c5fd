@title: moving a link onto a name the target namespace already holds gives EEXIST and changes nothing
# T2.4: a name clash in the target refuses the move
@needs: net
init: veth v0 v1                     => ok
init: clone a net                    => 2
a: veth v1 w1                        => ok
init: link-netns v1 a                => EEXIST
init: link-netns-pid v1 a            => EEXIST
init: links                          => lo,v0,v1
a: links                             => lo,v1,w1
init: ifindex v1                     => 2
