@title: chown: the owner may only give the file to a group it is in; CAP_CHOWN does the rest, where the file's owner and group are mapped
@needs: mnt,user
# M10.12 (fs/attr.c chown_ok, chgrp_ok; capable_wrt_inode_uidgid); owner shows stat(2)'s ids as the
# caller's user namespace maps them (65534 when unmapped).
init: touch /tmp/nss/f                   => ok
init: owner /tmp/nss/f                   => uid=0 gid=0
init: chown /tmp/nss/f 1000 1000         => ok
init: owner /tmp/nss/f                   => uid=1000 gid=1000
init: chown /tmp/nss/f -1 -1             => ok
init: chown /tmp/nss/nosuch 1 1          => ENOENT
init: clone a -                          => 2
a: setuid 1000                           => ok
a: chown /tmp/nss/f 1000 1000            => ok      # no change
a: chown /tmp/nss/f 1000 0               => ok      # its group 0 (setuid kept gid 0)
a: chown /tmp/nss/f 0 -1                 => EPERM   # never another owner
a: chown /tmp/nss/f -1 1000              => EPERM   # nor a group it is not in
a: owner /tmp/nss/f                      => uid=1000 gid=0
init: clone v user                       => 3
init: uid_map v "0 2000 10"              => ok
init: gid_map v "0 2000 10"              => ok
v: owner /tmp/nss/f                      => uid=65534 gid=65534
v: chown /tmp/nss/f 1 1                  => EPERM   # CAP_CHOWN in v, but the file's ids are not v's
init: chown /tmp/nss/f 2000 2001         => ok
v: owner /tmp/nss/f                      => uid=0 gid=1
v: chown /tmp/nss/f 1 2                  => ok
v: owner /tmp/nss/f                      => uid=1 gid=2
init: owner /tmp/nss/f                   => uid=2001 gid=2002
init: clone u user                       => 4
init: uid_map u "0 0 4294967295"         => ok
u: chown /tmp/nss/f 5 -1                 => EPERM   # the owner is mapped in u, the group not yet
init: gid_map u "0 0 4294967295"         => ok
u: chown /tmp/nss/f 5 5                  => ok
u: owner /tmp/nss/f                      => uid=5 gid=5
