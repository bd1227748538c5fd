@title: a lazy unmount of the last pin of a net namespace ends it too
# T5.2, T3.1: `ip netns delete` is umount2(MNT_DETACH); the namespace dies with its last reference
@needs: net,mnt
init: veth v0 v1                     => ok
init: clone a net                    => 2
init: link-netns v1 a                => ok
init: pin a net /tmp/nss/n           => ok
a: exit                              => ok
init: links                          => lo,v0
init: umount-lazy /tmp/nss/n         => ok
init: links                          => lo
