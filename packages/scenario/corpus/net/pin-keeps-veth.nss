@title: a namespace pinned by a bind mount keeps its veth after its last task, can be entered by path, and dies with the mount
@needs: net
# T5.1, T5.2, T3.1, T3.3, M8.1 (docs/net-namespaces.md, a pinned namespace and its veth)
init: clone d net                    => 2
init: veth x0 x1                     => ok
init: link-netns x1 d                => ok
init: pin d net /tmp/nss/d           => ok
d: exit                              => ok
init: links                          => lo,x0
init: nspath /tmp/nss/d              => net:2
init: clone e -                      => 3
e: setns-path /tmp/nss/d net         => ok
e: links                             => lo,x1
e: exit                              => ok
init: umount /tmp/nss/d              => ok
init: links                          => lo
