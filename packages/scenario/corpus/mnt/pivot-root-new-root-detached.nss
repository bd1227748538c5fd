@title: pivot_root works only on mounts of the caller's mount namespace: a new root in a lazily unmounted tmpfs is in none
# M7.6
@needs: mnt
init: mkdir /tmp/nss/a             => ok
init: mount tmpfs /tmp/nss/a       => ok
init: clone t mnt                  => 2
t: chdir /tmp/nss/a                => ok
t: umount-lazy /tmp/nss/a          => ok
t: pivot-root . /tmp/nss           => EINVAL
