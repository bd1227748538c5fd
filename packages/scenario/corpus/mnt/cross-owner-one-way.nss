@title: mounts propagate from the more privileged namespace into the less privileged one, never back
# M2.7: events propagate only from parent to child across owners
@needs: user,mnt
init: mkdir /tmp/nss/s               => ok
init: mount tmpfs /tmp/nss/s         => ok
init: make-shared /tmp/nss/s         => ok
init: mkdir /tmp/nss/s/x             => ok
init: mkdir /tmp/nss/s/y             => ok
init: clone a user,mnt               => 2
init: uid_map a "0 0 1"              => ok
init: gid_map a "0 0 1"              => ok
init: mount tmpfs /tmp/nss/s/x       => ok
a: mounted /tmp/nss/s/x              => yes
a: mount tmpfs /tmp/nss/s/y          => ok
init: mounted /tmp/nss/s/y           => no
a: make-shared /tmp/nss/s            => ok
a: mkdir /tmp/nss/s/z                => ok
a: mount tmpfs /tmp/nss/s/z          => ok
init: mounted /tmp/nss/s/z           => no     # shared and slave: still nothing back
