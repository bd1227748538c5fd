@title: a bind mount copies one mount, a recursive bind copies the submounts too
# M3.4, M3.10: bind copies the top mount; rbind copies the tree below it
@needs: mnt
init: mkdir /tmp/nss/t               => ok
init: mount tmpfs /tmp/nss/t         => ok
init: mkdir /tmp/nss/t/sub           => ok
init: mount tmpfs /tmp/nss/t/sub     => ok
init: touch /tmp/nss/t/sub/f         => ok
init: mkdir /tmp/nss/b               => ok
init: mount bind /tmp/nss/t /tmp/nss/b   => ok
init: mounts /tmp/nss/b              => /tmp/nss/b
init: exists /tmp/nss/b/sub/f        => no    # the directory under the submount
init: mkdir /tmp/nss/r               => ok
init: mount rbind /tmp/nss/t /tmp/nss/r  => ok
init: mounts /tmp/nss/r              => /tmp/nss/r,/tmp/nss/r/sub
init: exists /tmp/nss/r/sub/f        => yes
