@title: chown to an id the caller's user namespace does not map is EINVAL, even for the file's owner; a read-only mount is EROFS first
@needs: mnt,user
# M10.13 (fs/open.c chown_common: make_kuid, then setattr_vfsuid); M10.3 (do_fchownat: mnt_want_write
# comes before chown_common); M10.12 for the EPERM of a mapped id.
init: touch /tmp/nss/f                   => ok
init: clone u user                       => 2
u: owner /tmp/nss/f                      => uid=65534 gid=65534
u: chown /tmp/nss/f 5 -1                 => EINVAL  # no uid_map yet
u: chown /tmp/nss/f -1 5                 => EINVAL
u: chown /tmp/nss/f -1 -1                => ok      # nothing to map
init: uid_map u "0 2000 10"              => ok
init: gid_map u "0 2000 10"              => ok
init: chown /tmp/nss/f 2000 2000         => ok
u: owner /tmp/nss/f                      => uid=0 gid=0
u: chown /tmp/nss/f 10 -1                => EINVAL  # only 0..9 are mapped
u: chown /tmp/nss/f -1 10                => EINVAL
u: chown /tmp/nss/f 9 9                  => ok
u: owner /tmp/nss/f                      => uid=9 gid=9
u: setuid 9                              => ok
u: capset 0 0 0                          => ok      # no capability left (the owner alone)
u: chown /tmp/nss/f 10 -1                => EINVAL  # the id is checked before the permission
u: chown /tmp/nss/f 8 -1                 => EPERM   # a mapped id: the permission
init: mkdir /tmp/nss/ro                  => ok
init: touch /tmp/nss/ro/g                => ok
init: mount bind /tmp/nss/ro /tmp/nss/ro => ok
init: remount /tmp/nss/ro ro             => ok
init: chown /tmp/nss/ro/g 1 1            => EROFS
init: clone v user                       => 3
v: chown /tmp/nss/ro/g 5 -1              => EROFS   # before the id is looked at
