@title: a pinned net namespace outlives its tasks with its veths; unmounting the pin ends it
# T5.1, T5.2, T3.1: a bind mount of the ns file holds the namespace (how `ip netns add` names one)
@needs: net,mnt
init: veth v0 v1                     => ok
init: clone a net                    => 2
init: link-netns v1 a                => ok
init: pin a net /tmp/nss/n           => ok
a: exit                              => ok
init: links                          => lo,v0
init: clone b -                      => 3
b: setns-path /tmp/nss/n net         => ok
b: links                             => lo,v1
b: exit                              => ok
init: umount /tmp/nss/n              => ok
init: links                          => lo
