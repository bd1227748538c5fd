@title: a veth pair: the peer is registered first, carrier needs both ends up, deleting one end deletes both; lo cannot be deleted; the permission check comes before the lookup
@needs: net
# T6.5, T6.6, T2.7, T6.4, T6.1, T6.2 (docs/net-namespaces.md, "Links")
# The rules of the errors it shows: T6.1, T6.2, T6.4.
init: links                          => lo
init: link-state lo                  => DOWN
init: veth v0 v1                     => ok
init: links                          => lo,v0,v1
init: ifindex v1                     => 2      # the peer is registered first
init: ifindex v0                     => 3
init: link-up v0                     => ok
init: link-carrier v0                => no     # v1 is down
init: link-up v1                     => ok
init: link-carrier v0                => yes
init: link-del v1                    => ok     # takes v0 along
init: links                          => lo
init: link-del lo                    => EOPNOTSUPP
init: clone n -                      => 2
n: setuid 1000                       => ok
n: link-up nosuch                    => EPERM  # the permission comes before the lookup
init: link-up nosuch                 => ENODEV
