@title: a mount copied into a less privileged mount namespace is locked: umount and umount-lazy give EINVAL
# M2.8, M3.1: lock_mnt_tree sets MNT_LOCKED; can_umount refuses it
@needs: user,mnt
init: mkdir /tmp/nss/m               => ok
init: mount tmpfs /tmp/nss/m         => ok
init: clone a user,mnt               => 2
init: uid_map a "0 0 1"              => ok
init: gid_map a "0 0 1"              => ok
a: umount /tmp/nss/m                 => EINVAL
a: umount-lazy /tmp/nss/m            => EINVAL
a: umount /tmp/nss                   => EINVAL
a: mounted /tmp/nss/m                => yes
init: umount /tmp/nss/m              => ok      # not locked where it was made
