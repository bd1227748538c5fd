@title: a read-only mount copied into a less privileged namespace cannot be made writable
# M2.8, M3.3, M10.3: MNT_LOCK_READONLY; rdonly -> rw gives EPERM
@needs: user,mnt
init: mkdir /tmp/nss/m               => ok
init: mount tmpfs /tmp/nss/m         => ok
init: remount /tmp/nss/m ro          => ok
init: clone a user,mnt               => 2
init: uid_map a "0 0 1"              => ok
init: gid_map a "0 0 1"              => ok
a: remount /tmp/nss/m rw             => EPERM
a: touch /tmp/nss/m/f                => EROFS
a: remount /tmp/nss/m ro,nodev       => ok
a: mount-opts /tmp/nss/m             => ro,nodev,relatime
