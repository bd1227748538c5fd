@title: a bind remount read-only makes every write through that mount fail with EROFS
# M10.3, M6.1: MS_RDONLY is a per-mount flag (field 6 of mountinfo); M3.3 for the locked case
@needs: mnt
init: mkdir /tmp/nss/m               => ok
init: mount tmpfs /tmp/nss/m         => ok
init: touch /tmp/nss/m/old           => ok
init: remount /tmp/nss/m ro          => ok
init: mount-opts /tmp/nss/m          => ro,relatime
init: touch /tmp/nss/m/new           => EROFS
init: touch /tmp/nss/m/old           => EROFS   # opening for writing is refused too
init: mkdir /tmp/nss/m/d             => EROFS
init: exists /tmp/nss/m/old          => yes
init: mkdir /tmp/nss/b               => ok
init: mount bind /tmp/nss/m /tmp/nss/b   => ok
init: mount-opts /tmp/nss/b          => ro,relatime   # a bind copies the mount's flags
init: remount /tmp/nss/b rw          => ok
init: touch /tmp/nss/b/new           => ok            # the same file system, writable through b
init: exists /tmp/nss/m/new          => yes
init: touch /tmp/nss/m/new2          => EROFS
