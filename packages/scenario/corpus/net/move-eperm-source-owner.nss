@title: a user namespace's root cannot move a link out of a namespace it does not own, even into one it does
# T2.2, T1.5, T6.1: the source check comes first (rtnetlink's CAP_NET_ADMIN over the caller's namespace's owner)
@needs: user,net
init: veth v0 v1                     => ok
init: clone c user                   => 2
c: clone d net                       => 3
c: link-netns v1 d                   => EPERM   # d's ns file opens (same user namespace); the source is init's
c: link-netns nosuch d               => EPERM
c: unshare net                       => ok
c: veth c0 c1                        => ok
c: link-netns c1 d                   => ok
d: links                             => c1,lo
init: links                          => lo,v0,v1
