@title: the propagation of a locked mount may be changed
# M3.6, M3.1: do_change_type does not look at MNT_LOCKED
@needs: user,mnt
init: mkdir /tmp/nss/m               => ok
init: mount tmpfs /tmp/nss/m         => ok
init: make-shared /tmp/nss/m         => ok
init: clone a user,mnt               => 2
init: uid_map a "0 0 1"              => ok
init: gid_map a "0 0 1"              => ok
a: propagation /tmp/nss/m            => master:1
a: make-private /tmp/nss/m           => ok
a: propagation /tmp/nss/m            => private
a: make-shared /tmp/nss/m            => ok
a: propagation /tmp/nss/m            => shared:2
a: make-unbindable /tmp/nss/m        => ok
a: propagation /tmp/nss/m            => unbindable
a: umount /tmp/nss/m                 => EINVAL   # still locked
