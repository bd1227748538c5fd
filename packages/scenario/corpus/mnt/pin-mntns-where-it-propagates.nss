@title: a mount namespace's file cannot be pinned where the bind would propagate (under a shared mount with a peer): copy_tree refuses to copy it
# M8.5, M8.2
@needs: mnt
init: make-shared /tmp/nss         => ok
init: clone p mnt                  => 2
init: clone c mnt                  => 3
init: pin c mnt /tmp/nss/m         => EINVAL
init: exists /tmp/nss/m            => no
init: make-private /tmp/nss        => ok
init: pin c mnt /tmp/nss/m         => ok
init: nspath /tmp/nss/m            => mnt:2
