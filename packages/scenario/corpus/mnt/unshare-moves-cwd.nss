@title: the unsharer's working directory moves into the copy: the copy's mount is busy, the original's no longer is
# M2.4, M9.6
@needs: mnt
init: mkdir /tmp/nss/a             => ok
init: mount tmpfs /tmp/nss/a       => ok
init: clone t -                    => 2
t: chdir /tmp/nss/a                => ok
init: umount /tmp/nss/a            => EBUSY
t: unshare mnt                     => ok
t: umount /tmp/nss/a               => EBUSY
init: umount /tmp/nss/a            => ok
