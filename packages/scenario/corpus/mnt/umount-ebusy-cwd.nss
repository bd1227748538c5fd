@title: a task's working directory inside a mount keeps it busy; a lazy unmount detaches it anyway
# M9.6: a mount still in use is busy for umount2(path, 0)
@needs: mnt
init: mkdir /tmp/nss/m               => ok
init: mount tmpfs /tmp/nss/m         => ok
init: clone a -                      => 2
a: chdir /tmp/nss/m                  => ok
init: umount /tmp/nss/m              => EBUSY
a: chdir /                           => ok
init: umount /tmp/nss/m              => ok
init: mount tmpfs /tmp/nss/m         => ok
a: chdir /tmp/nss/m                  => ok
init: umount-lazy /tmp/nss/m         => ok
init: mounted /tmp/nss/m             => no
init: mount tmpfs /tmp/nss/m         => ok     # the directory is free again
init: umount /tmp/nss/m              => ok
