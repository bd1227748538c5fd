@title: unmounting under a shared mount unmounts the peers' copies too
# M4.8, M4.1: umount events propagate to peers and slaves
@needs: mnt
init: mkdir /tmp/nss/s               => ok
init: mount tmpfs /tmp/nss/s         => ok
init: make-shared /tmp/nss/s         => ok
init: mkdir /tmp/nss/s/x             => ok
init: mount tmpfs /tmp/nss/s/x       => ok
init: clone a mnt                    => 2
init: clone b mnt                    => 3
b: make-slave /tmp/nss/s             => ok
a: mounted /tmp/nss/s/x              => yes
init: umount /tmp/nss/s/x            => ok
a: mounted /tmp/nss/s/x              => no
b: mounted /tmp/nss/s/x              => no
