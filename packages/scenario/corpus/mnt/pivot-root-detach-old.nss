@title: after pivot_root and a lazy unmount of the old root, the namespace holds the new root alone
# M7.7: the old root moved under put_old is detached with everything below it
@needs: mnt
init: clone a mnt                    => 2
a: mkdir /tmp/nss/r                  => ok
a: mount tmpfs /tmp/nss/r            => ok
a: mkdir /tmp/nss/r/tmp              => ok
a: mkdir /tmp/nss/r/tmp/nss          => ok
a: mkdir /tmp/nss/r/tmp/nss/old      => ok
a: pivot-root /tmp/nss/r /tmp/nss/r/tmp/nss/old  => ok
a: mounted /tmp/nss/old              => yes
a: umount-lazy /tmp/nss/old          => ok
a: mounts /                          => /
a: mkdir /tmp/nss/x                  => ok
a: mount tmpfs /tmp/nss/x            => ok
a: mounts /                          => /,/tmp/nss/x
