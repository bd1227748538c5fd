@title: a slave receives its master's mounts but sends nothing back
# M4.2: MS_SLAVE on a shared mount; events propagate master -> slave only
@needs: mnt
init: mkdir /tmp/nss/s               => ok
init: mount tmpfs /tmp/nss/s         => ok
init: make-shared /tmp/nss/s         => ok
init: mkdir /tmp/nss/s/x             => ok
init: mkdir /tmp/nss/s/y             => ok
init: clone a mnt                    => 2
a: make-slave /tmp/nss/s             => ok
a: propagation /tmp/nss/s            => master:1
init: propagation /tmp/nss/s         => shared:1
init: mount tmpfs /tmp/nss/s/x       => ok
a: mounted /tmp/nss/s/x              => yes
a: mount tmpfs /tmp/nss/s/y          => ok
init: mounted /tmp/nss/s/y           => no
