@title: the last mount of a peer group unmounted frees the group; a later one gets a new label
# M4.1, M6.1: labels follow groups, not the kernel's reused numbers
@needs: mnt
init: mkdir /tmp/nss/a               => ok
init: mount tmpfs /tmp/nss/a         => ok
init: make-shared /tmp/nss/a         => ok
init: clone k mnt                    => 2
k: propagation /tmp/nss/a            => shared:1
init: umount /tmp/nss/a              => ok
k: propagation /tmp/nss/a            => shared:1   # k's copy still holds the group
k: exit                              => ok
init: mount tmpfs /tmp/nss/a         => ok
init: make-shared /tmp/nss/a         => ok
init: propagation /tmp/nss/a         => shared:2
