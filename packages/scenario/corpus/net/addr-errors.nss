@title: addr-add: EINVAL for a prefix too long (checked before the device), ENODEV, EPERM without CAP_NET_ADMIN
# T1.5, T7.5, T6.2, T6.1: rtnetlink's capability check, then the request's own checks
@needs: user,net
init: veth v0 v1                     => ok
init: addr-add v0 10.0.0.1/33        => EINVAL
init: addr-add v0 fd00::1/129        => EINVAL
init: addr-add nosuch 10.0.0.1/33    => EINVAL
init: addr-add nosuch 10.0.0.1/24    => ENODEV
init: addr-add v0 10.0.0.9           => ok     # no prefix: the whole address
init: clone u user                   => 2
u: addr-add v0 10.0.0.1/24           => EPERM
u: addr-add nosuch 10.0.0.1/33       => EPERM
init: addrs v0                       => 10.0.0.9/32
