@title: addrs prints IPv6 in compressed form and leaves out link-local addresses, even one added by hand
# T1.4: the link-local addresses of veths come from random MACs, so the listing omits fe80::/10
@needs: net
init: veth v0 v1                     => ok
init: addr-add v0 FD00:0:0::0003/64  => ok
init: addr-add v0 fe80::1/64         => ok
init: addr-add v0 2001:db8:0:0:1:0:0:1/64 => ok
init: link-up v0                     => ok
init: link-up v1                     => ok
init: addrs v0                       => 2001:db8::1:0:0:1/64,fd00::3/64
init: addrs v1                       => -
