@title: the owner of a mount namespace is fixed at its creation: a second copy made inside the new user namespace is not locked again
# M2.10, M2.8, M3.1
@needs: mnt,user
init: mkdir /tmp/nss/a             => ok
init: mount tmpfs /tmp/nss/a       => ok
init: clone c user,mnt             => 2
init: uid_map c "0 0 1"            => ok
c: umount /tmp/nss/a               => EINVAL
c: mkdir /tmp/nss/b                => ok
c: mount tmpfs /tmp/nss/b          => ok
c: unshare mnt                     => ok
c: umount /tmp/nss/b               => ok
c: umount /tmp/nss/a               => EINVAL
