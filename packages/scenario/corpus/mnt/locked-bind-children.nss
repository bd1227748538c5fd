@title: a tree with locked mounts below it cannot be bound alone (EINVAL), only recursively
# M3.4, M3.10, M3.1: a bind would reveal what the locked mounts cover; rbind keeps them (still locked)
@needs: user,mnt
init: mkdir /tmp/nss/t               => ok
init: mount tmpfs /tmp/nss/t         => ok
init: mkdir /tmp/nss/t/sub           => ok
init: mount tmpfs /tmp/nss/t/sub     => ok
init: mkdir /tmp/nss/leaf            => ok
init: mount tmpfs /tmp/nss/leaf      => ok
init: clone a user,mnt               => 2
init: uid_map a "0 0 1"              => ok
init: gid_map a "0 0 1"              => ok
a: mkdir /tmp/nss/b                  => ok
a: mount bind /tmp/nss/t /tmp/nss/b  => EINVAL
a: mount rbind /tmp/nss/t /tmp/nss/b => ok
a: mounts /tmp/nss/b                 => /tmp/nss/b,/tmp/nss/b/sub
a: umount /tmp/nss/b/sub             => EINVAL   # the copy of a locked submount stays locked
a: umount-lazy /tmp/nss/b            => ok       # the top of the copy is not
a: mkdir /tmp/nss/c                  => ok
a: mount bind /tmp/nss/leaf /tmp/nss/c   => ok   # nothing locked below it
