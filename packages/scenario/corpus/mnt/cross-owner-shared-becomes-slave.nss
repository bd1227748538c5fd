@title: in a mount namespace owned by a new user namespace, the copy of a shared mount is a slave
# M2.7: a cross-owner copy (CL_SLAVE) makes every shared copy a slave of the original
@needs: user,mnt
init: mkdir /tmp/nss/s               => ok
init: mount tmpfs /tmp/nss/s         => ok
init: make-shared /tmp/nss/s         => ok
init: mkdir /tmp/nss/p               => ok
init: mount tmpfs /tmp/nss/p         => ok
init: clone a user,mnt               => 2
init: uid_map a "0 0 1"              => ok
init: gid_map a "0 0 1"              => ok
a: propagation /tmp/nss/s            => master:1
a: propagation /tmp/nss/p            => private
init: propagation /tmp/nss/s         => shared:1
