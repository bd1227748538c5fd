@title: mounting needs CAP_SYS_ADMIN over the owner of the caller's mount namespace
# M7.1, M3.7: a new user namespace alone gives no right to mount in its parent's mount namespace
@needs: user,mnt
init: mkdir /tmp/nss/m               => ok
init: clone a user                   => 2
init: uid_map a "0 0 1"              => ok
init: gid_map a "0 0 1"              => ok
a: mount tmpfs /tmp/nss/m            => EPERM
a: make-private /tmp/nss             => EPERM
a: unshare mnt                       => ok
a: mount tmpfs /tmp/nss/m            => ok
init: mounted /tmp/nss/m             => no
