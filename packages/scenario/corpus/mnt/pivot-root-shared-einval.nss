@title: pivot_root refuses shared mounts: new_root's mount under put_old, or new_root's parent
# M7.5: EINVAL when put_old's mount or new_root's parent mount is shared
@needs: mnt
init: clone a mnt                    => 2
a: mkdir /tmp/nss/r                  => ok
a: mount tmpfs /tmp/nss/r            => ok
a: mkdir /tmp/nss/r/old              => ok
a: make-shared /tmp/nss/r            => ok
a: pivot-root /tmp/nss/r /tmp/nss/r/old  => EINVAL
a: make-private /tmp/nss/r           => ok
a: make-shared /tmp/nss              => ok
a: pivot-root /tmp/nss/r /tmp/nss/r/old  => EINVAL
a: make-private /tmp/nss             => ok
a: pivot-root /tmp/nss/r /tmp/nss/r/old  => ok
