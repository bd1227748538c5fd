@title: MS_SHARED on a slave makes it shared and slave: a peer group of its own and a master
# M4.3: mountinfo shows both shared:X and master:Y, shared first
@needs: mnt
init: mkdir /tmp/nss/s               => ok
init: mount tmpfs /tmp/nss/s         => ok
init: make-shared /tmp/nss/s         => ok
init: mkdir /tmp/nss/s/x             => ok
init: propagation /tmp/nss/s         => shared:1
init: clone a mnt                    => 2
a: make-slave /tmp/nss/s             => ok
a: make-shared /tmp/nss/s            => ok
a: propagation /tmp/nss/s            => shared:2 master:1
init: propagation /tmp/nss/s         => shared:1       # init's mount is not in the new group
init: mount tmpfs /tmp/nss/s/x       => ok
a: mounted /tmp/nss/s/x              => yes     # still a slave of group 1
a: clone b mnt                       => 3
b: propagation /tmp/nss/s            => shared:2 master:1
