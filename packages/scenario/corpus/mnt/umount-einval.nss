@title: unmounting a path that is not a mount point gives EINVAL, one that does not exist ENOENT
# M9.2, M10.1: EINVAL is umount2's answer for what it does not take as a mount of the caller's (here: a plain directory)
@needs: mnt
init: mkdir /tmp/nss/d               => ok
init: umount /tmp/nss/d              => EINVAL
init: umount-lazy /tmp/nss/d         => EINVAL
init: umount /tmp/nss/none           => ENOENT
init: mount tmpfs /tmp/nss/d         => ok
init: umount /tmp/nss/d              => ok
init: umount /tmp/nss/d              => EINVAL
