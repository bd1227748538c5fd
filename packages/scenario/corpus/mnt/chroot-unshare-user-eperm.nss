@title: a chrooted task cannot create a user namespace, but can still make a new mount namespace
# U1.4, M6.3: chroot shows only the mounts below the new root
@needs: user,mnt
init: mkdir /tmp/nss/r               => ok
init: mount tmpfs /tmp/nss/r         => ok
init: mkdir /tmp/nss/r/sub           => ok
init: mount tmpfs /tmp/nss/r/sub     => ok
init: clone a -                      => 2
a: chroot /tmp/nss/r                 => ok
a: mounts /                          => /,/sub
a: unshare user                      => EPERM
a: clone b user                      => EPERM
a: unshare mnt                       => ok
a: mounts /                          => /,/sub
