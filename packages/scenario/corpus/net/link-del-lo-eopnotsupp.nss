@title: lo cannot be deleted (EOPNOTSUPP); a missing device gives ENODEV; without CAP_NET_ADMIN, EPERM first
# T1.5, T2.7, T6.4, T6.2, T6.1: lo has no rtnl_link_ops and so no dellink (only link types with one can be deleted); rtnetlink checks the capability first
@needs: user,net
init: link-del lo                    => EOPNOTSUPP
init: link-del nosuch                => ENODEV
init: veth v0 v1                     => ok
init: clone u user                   => 2
u: link-del v0                       => EPERM
u: link-del nosuch                   => EPERM
init: links                          => lo,v0,v1
