@title: a root inside a lazily unmounted tmpfs is in no mount namespace: nothing can be mounted there (ENOENT), nor its propagation changed (EINVAL)
# M9.9, M9.3, M9.6, M9.2
@needs: mnt
init: mkdir /tmp/nss/a             => ok
init: mount tmpfs /tmp/nss/a       => ok
init: mkdir /tmp/nss/a/tmp         => ok
init: mkdir /tmp/nss/a/tmp/nss     => ok
init: clone t -                    => 2
t: chdir /tmp/nss/a                => ok
init: umount /tmp/nss/a            => EBUSY
init: umount-lazy /tmp/nss/a       => ok
t: chroot .                        => ok
t: mkdir /tmp/nss/x                => ok
t: mount tmpfs /tmp/nss            => ENOENT
t: mount bind /tmp/nss/x /tmp/nss  => ENOENT
t: make-private /tmp/nss           => EINVAL
init: mounted /tmp/nss/a           => no
