@title: mounting on top of a locked mount and unmounting that new mount are allowed
# M3.5, M3.1: the locked mount stays, covered, then uncovered
@needs: user,mnt
init: mkdir /tmp/nss/m               => ok
init: mount tmpfs /tmp/nss/m         => ok
init: touch /tmp/nss/m/f             => ok
init: clone a user,mnt               => 2
init: uid_map a "0 0 1"              => ok
init: gid_map a "0 0 1"              => ok
a: mount tmpfs /tmp/nss/m            => ok
a: exists /tmp/nss/m/f               => no
a: mounts /tmp/nss/m                 => /tmp/nss/m,/tmp/nss/m
a: umount /tmp/nss/m                 => ok
a: exists /tmp/nss/m/f               => yes
a: umount /tmp/nss/m                 => EINVAL   # the locked one
