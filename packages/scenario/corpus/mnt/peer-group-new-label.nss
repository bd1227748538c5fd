@title: a peer group that is gone and a new one made later get different labels
# M4.1, M6.1: group ids are reused by the kernel; labels follow groups
@needs: mnt
init: mkdir /tmp/nss/a               => ok
init: mount tmpfs /tmp/nss/a         => ok
init: mkdir /tmp/nss/b               => ok
init: mount tmpfs /tmp/nss/b         => ok
init: make-shared /tmp/nss/a         => ok
init: propagation /tmp/nss/a         => shared:1
init: make-private /tmp/nss/a        => ok      # group 1 is gone
init: make-shared /tmp/nss/b         => ok
init: propagation /tmp/nss/b         => shared:2
init: make-shared /tmp/nss/a         => ok
init: propagation /tmp/nss/a         => shared:3
init: mkdir /tmp/nss/c               => ok
init: mount bind /tmp/nss/a /tmp/nss/c   => ok
init: propagation /tmp/nss/c         => shared:3   # a peer of a
