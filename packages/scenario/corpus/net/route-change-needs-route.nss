@title: a route change without NLM_F_CREATE needs a route of that prefix and metric to change; a dump of the IPv4 local table needs the table
@needs: net,user
# T7.12 (net/ipv4/fib_trie.c fib_table_insert, net/ipv6/ip6_fib.c fib6_add; net/ipv4/fib_frontend.c
# inet_dump_fib: "ipv4: FIB table does not exist"); T7.7, T6.2, T7.5 for the other checks of the request.
init: routes-local                       => ENOENT  # no local route yet: no local table
init: veth v0 v1                         => ok
init: veth w0 w1                         => ok
init: route-change 10.1.0.0/24 v0        => ENETDOWN  # the next hop first
init: link-up v0                         => ok
init: link-up w0                         => ok
init: route-change 10.1.0.0/24 v0        => ENOENT
init: routes                             => -
init: route-add-dev 10.1.0.0/24 v0       => ok
init: route-change 10.1.0.0/24 w0        => ok
init: routes                             => 10.1.0.0/24 dev w0
init: route-change 10.1.0.0/24 w0        => ok        # the same route again
init: route-change 10.1.0.0/16 w0        => ENOENT    # another prefix
init: route-change 10.1.0.0/24 nosuch    => ENODEV
init: route-change 10.1.0.5/24 w0        => EINVAL
init: route-change default v0            => ENOENT
init: routes                             => 10.1.0.0/24 dev w0
init: addr-add v0 10.0.0.1/24            => ok
init: routes-local                       => broadcast 10.0.0.255 dev v0,local 10.0.0.1 dev v0
init: route-change 10.0.0.0/24 w0        => ok        # the kernel's own prefix route changes too
init: routes                             => 10.0.0.0/24 dev w0,10.1.0.0/24 dev w0
init: route-change fd00::/64 v0          => ENOENT    # IPv6 likewise
init: route-add-dev fd00::/64 v0         => ok
init: route-change fd00::/64 w0          => ok
init: clone a user                       => 2
a: route-change 10.1.0.0/24 v0           => EPERM     # no CAP_NET_ADMIN over the namespace's owner
