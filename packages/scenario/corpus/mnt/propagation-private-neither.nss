@title: a private mount copied into a new mount namespace propagates nothing either way
# M2.5, M4.4: private copies stay private; no events in or out
@needs: mnt
init: mkdir /tmp/nss/p               => ok
init: mount tmpfs /tmp/nss/p         => ok
init: propagation /tmp/nss/p         => private
init: mkdir /tmp/nss/p/x             => ok
init: mkdir /tmp/nss/p/y             => ok
init: clone a mnt                    => 2
a: propagation /tmp/nss/p            => private
init: mount tmpfs /tmp/nss/p/x       => ok
a: mounted /tmp/nss/p/x              => no
a: mount tmpfs /tmp/nss/p/y          => ok
init: mounted /tmp/nss/p/y           => no
