@title: a mount made under a shared mount is shared in a group of its own; its copy in a slave follows it
# M4.6: copies made for slaves become slaves of the new mount
@needs: mnt
init: mkdir /tmp/nss/s               => ok
init: mount tmpfs /tmp/nss/s         => ok
init: make-shared /tmp/nss/s         => ok
init: mkdir /tmp/nss/s/x             => ok
init: clone a mnt                    => 2
a: make-slave /tmp/nss/s             => ok
a: propagation /tmp/nss/s            => master:1
init: mount tmpfs /tmp/nss/s/x       => ok
init: propagation /tmp/nss/s/x       => shared:2
a: propagation /tmp/nss/s/x          => master:2
