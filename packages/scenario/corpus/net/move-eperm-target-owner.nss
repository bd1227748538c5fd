@title: root of a user namespace moves links into namespaces it owns, not into its parent's: EPERM
# T2.2, T6.1: CAP_NET_ADMIN is needed over the owners of both the source and the target namespace
@needs: user,net
init: clone b user,net               => 2
b: veth b0 b1                        => ok
b: link-netns-pid b1 init            => EPERM   # no CAP_NET_ADMIN over init's namespace's owner
b: link-netns-pid nosuch init        => EPERM   # before the device lookup
b: clone c net                       => 3
b: link-netns-pid b1 c               => ok
c: links                             => b1,lo
init: veth v0 v1                     => ok
init: link-netns-pid v1 b            => ok     # init has CAP_NET_ADMIN over b's user namespace
b: links                             => b0,lo,v1
