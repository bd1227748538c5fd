@title: a net namespace lives while any task is in it: its veth survives the first task's exit
# T3.1: only the last reference ends it
@needs: net
init: veth v0 v1                     => ok
init: clone a net                    => 2
a: clone b -                         => 3
init: link-netns v1 a                => ok
a: exit                              => ok
init: links                          => lo,v0
b: links                             => lo,v1
b: exit                              => ok
init: links                          => lo
