@title: a shared mount copied into a new mount namespace propagates mounts both ways
# M2.5, M4.1: a same-owner copy of a shared mount joins the original's peer group
@needs: mnt
init: mkdir /tmp/nss/s               => ok
init: mount tmpfs /tmp/nss/s         => ok
init: make-shared /tmp/nss/s         => ok
init: mkdir /tmp/nss/s/x             => ok
init: mkdir /tmp/nss/s/y             => ok
init: clone a mnt                    => 2
a: propagation /tmp/nss/s            => shared:1
init: mount tmpfs /tmp/nss/s/x       => ok
a: mounted /tmp/nss/s/x              => yes
a: mount tmpfs /tmp/nss/s/y          => ok
init: mounted /tmp/nss/s/y           => yes
