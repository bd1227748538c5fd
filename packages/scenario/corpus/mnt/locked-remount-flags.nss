@title: a locked flag cannot be cleared by a remount, but keeping it while adding others is allowed
# M2.8, M3.3: can_change_locked_flags: nosuid -> suid gives EPERM
@needs: user,mnt
init: mkdir /tmp/nss/m               => ok
init: mount tmpfs /tmp/nss/m         => ok
init: remount /tmp/nss/m nosuid      => ok
init: clone a user,mnt               => 2
init: uid_map a "0 0 1"              => ok
init: gid_map a "0 0 1"              => ok
a: remount /tmp/nss/m rw             => EPERM
a: remount /tmp/nss/m nosuid         => ok
a: remount /tmp/nss/m nosuid,noexec  => ok
a: mount-opts /tmp/nss/m             => rw,nosuid,noexec,relatime
a: remount /tmp/nss/m nosuid         => ok      # noexec was not locked
a: remount /tmp/nss/m ro,nosuid      => ok
a: remount /tmp/nss/m nosuid         => ok      # nor was ro
init: mount-opts /tmp/nss/m          => rw,nosuid,relatime
