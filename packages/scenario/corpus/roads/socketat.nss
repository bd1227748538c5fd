@title: socketat(nsfd, ...) makes a socket in another network namespace without entering it; the socket holds that namespace
# R3.3: the socket belongs to the namespace of the nsfs file (and holds it,
# T4.3) while the caller stays in its own. Road socketat: the model only; the
# real backend runs Linux as merged and skips this file (socketat-replaced.nss
# is what Linux has instead, on both kernels).
@road: socketat
@needs: net
init: clone a net                => 2
init: open a net fa              => ok
init: socketat fa tcp s          => ok
init: sockns s                   => net:2
init: ns net                     => net:1
init: socketat fa udp u          => ok
init: sockns u                   => net:2
init: close fa                   => ok
a: exit                          => ok
init: sockns s                   => net:2
