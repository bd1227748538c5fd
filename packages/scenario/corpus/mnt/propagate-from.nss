@title: a slave whose master group is outside the reader's root shows the dominating group as propagate_from
# M6.2, M6.3: propagate_from:N is the nearest dominating peer group reachable from the root
@needs: mnt
init: mkdir /tmp/nss/r               => ok
init: mount tmpfs /tmp/nss/r         => ok
init: mkdir /tmp/nss/r/tmp           => ok
init: mkdir /tmp/nss/r/tmp/nss       => ok
init: mkdir /tmp/nss/r/tmp/nss/a     => ok
init: mount tmpfs /tmp/nss/r/tmp/nss/a   => ok
init: make-shared /tmp/nss/r/tmp/nss/a   => ok
init: propagation /tmp/nss/r/tmp/nss/a   => shared:1
init: mkdir /tmp/nss/b               => ok
init: mount bind /tmp/nss/r/tmp/nss/a /tmp/nss/b   => ok
init: make-slave /tmp/nss/b          => ok
init: make-shared /tmp/nss/b         => ok
init: propagation /tmp/nss/b         => shared:2 master:1
init: mkdir /tmp/nss/r/tmp/nss/c     => ok
init: mount bind /tmp/nss/b /tmp/nss/r/tmp/nss/c   => ok
init: make-slave /tmp/nss/r/tmp/nss/c    => ok
init: propagation /tmp/nss/r/tmp/nss/c   => master:2
init: clone k -                      => 2
k: chroot /tmp/nss/r                 => ok
k: mounts /                          => /,/tmp/nss/a,/tmp/nss/c
k: propagation /tmp/nss/c            => master:2 propagate_from:1   # group 2's other mount (b) is out of reach
k: propagation /tmp/nss/a            => shared:1
