@title: MS_MOVE takes a mount, with its submounts, from one place to another
# M9.5: a move attaches no new mount, it moves an existing one
@needs: mnt
init: mkdir /tmp/nss/a               => ok
init: mount tmpfs /tmp/nss/a         => ok
init: mkdir /tmp/nss/a/sub           => ok
init: mount tmpfs /tmp/nss/a/sub     => ok
init: touch /tmp/nss/a/f             => ok
init: mkdir /tmp/nss/b               => ok
init: mount move /tmp/nss/a /tmp/nss/b   => ok
init: mounted /tmp/nss/a             => no
init: mounts /tmp/nss/b              => /tmp/nss/b,/tmp/nss/b/sub
init: exists /tmp/nss/b/f            => yes
init: exists /tmp/nss/a/f            => no
init: mount move /tmp/nss/a /tmp/nss/b   => EINVAL   # a is no mount point any more
