@title: link-down removes a link's IPv6 addresses but keeps its IPv4 ones; lo gets ::1 back when it comes up
# T1.4: keep_addr_on_down is 0 in a new namespace, so addrconf drops IPv6 addresses when the link goes down
@needs: net
init: veth v0 v1                     => ok
init: addr-add v0 10.0.0.1/24        => ok
init: addr-add v0 fd00::1/64         => ok
init: link-up v0                     => ok
init: link-down v0                   => ok
init: addrs v0                       => 10.0.0.1/24
init: link-up v0                     => ok
init: addrs v0                       => 10.0.0.1/24
init: link-up lo                     => ok
init: link-down lo                   => ok
init: addrs lo                       => 127.0.0.1/8
init: link-up lo                     => ok
init: addrs lo                       => 127.0.0.1/8,::1/128
