@title: pivot_root's put_old must be in a mount that is still mounted: inside a lazily unmounted tmpfs it is ENOENT (lock_mount)
# M9.9, M7.6
@needs: mnt
init: mkdir /tmp/nss/a             => ok
init: mount tmpfs /tmp/nss/a       => ok
init: clone t mnt                  => 2
t: chdir /tmp/nss/a                => ok
t: umount-lazy /tmp/nss/a          => ok
t: chroot .                        => ok
t: pivot-root . .                  => ENOENT
