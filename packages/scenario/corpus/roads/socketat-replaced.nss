@title: what replaced socketat: setns into the network namespace, socket, setns back; the socket stays in the namespace it was made in
# I6.2: after setns into a network namespace, new sockets are made there and
# existing ones stay where they are; T4.1 a socket belongs to the namespace
# it was made in. Linux as merged: runs on both kernels (socketat.nss shows
# the road not taken, on the model).
@needs: net
init: clone a net                => 2
init: open a net fa              => ok
init: open init net home         => ok
init: setns-fd fa net            => ok
init: bind tcp 8080 s            => ok
init: setns-fd home net          => ok
init: ns net                     => net:1
init: sockns s                   => net:2
init: bind tcp 8080 t            => ok
init: sockns t                   => net:1
