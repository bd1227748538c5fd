@title: a lazy unmount of a busy tree detaches the whole tree at once
# M9.6: MNT_DETACH unmounts a mount and every mount below it
@needs: mnt
init: mkdir /tmp/nss/t               => ok
init: mount tmpfs /tmp/nss/t         => ok
init: mkdir /tmp/nss/t/a             => ok
init: mount tmpfs /tmp/nss/t/a       => ok
init: mkdir /tmp/nss/t/a/b           => ok
init: mount tmpfs /tmp/nss/t/a/b     => ok
init: umount /tmp/nss/t              => EBUSY
init: umount-lazy /tmp/nss/t         => ok
init: mounts /tmp/nss                => /tmp/nss
init: exists /tmp/nss/t/a            => no
