@title: a mount with a mount below it cannot be unmounted (EBUSY) until the child is gone
# M9.6: umount2 without MNT_DETACH refuses a busy mount
@needs: mnt
init: mkdir /tmp/nss/p               => ok
init: mount tmpfs /tmp/nss/p         => ok
init: mkdir /tmp/nss/p/c             => ok
init: mount tmpfs /tmp/nss/p/c       => ok
init: umount /tmp/nss/p              => EBUSY
init: mounted /tmp/nss/p/c           => yes
init: umount /tmp/nss/p/c            => ok
init: umount /tmp/nss/p              => ok
init: mounts /tmp/nss                => /tmp/nss
