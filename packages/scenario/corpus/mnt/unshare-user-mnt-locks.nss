@title: unshare of user and mnt together makes a locked, slave copy; a second mnt unshare inside copies plainly
# M2.7, M2.8, M3.1: the owner decides; M2.5: a same-owner copy adds no locks
@needs: user,mnt
init: mkdir /tmp/nss/s               => ok
init: mount tmpfs /tmp/nss/s         => ok
init: make-shared /tmp/nss/s         => ok
init: clone a -                      => 2
a: unshare user,mnt                  => ok
init: uid_map a "0 0 1"              => ok
init: gid_map a "0 0 1"              => ok
a: propagation /tmp/nss/s            => master:1
a: umount /tmp/nss/s                 => EINVAL
a: mkdir /tmp/nss/s/own              => ok
a: mount tmpfs /tmp/nss/s/own        => ok
a: unshare mnt                       => ok
a: umount /tmp/nss/s/own             => ok      # made in a's user namespace: not locked
a: umount /tmp/nss/s                 => EINVAL  # still locked
