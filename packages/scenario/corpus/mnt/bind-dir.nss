@title: a bind mount shows the same directory at a second place
# M6.1: a bind mount is a second mount of the same tree, with its own mountinfo line
@needs: mnt
init: mkdir /tmp/nss/src             => ok
init: mount tmpfs /tmp/nss/src       => ok
init: mkdir /tmp/nss/dst             => ok
init: mount bind /tmp/nss/src /tmp/nss/dst => ok
init: mounted /tmp/nss/dst           => yes
init: touch /tmp/nss/src/f           => ok
init: exists /tmp/nss/dst/f          => yes
init: touch /tmp/nss/dst/g           => ok
init: exists /tmp/nss/src/g          => yes
init: umount /tmp/nss/dst            => ok
init: exists /tmp/nss/dst/f          => no
init: exists /tmp/nss/src/f          => yes
