@title: a mount cannot be moved below itself (ELOOP), nor out of a shared parent (EINVAL)
# M9.8, M9.5
@needs: mnt
init: mkdir /tmp/nss/a             => ok
init: mount tmpfs /tmp/nss/a       => ok
init: mkdir /tmp/nss/a/b           => ok
init: mount move /tmp/nss/a /tmp/nss/a/b => ELOOP
init: mkdir /tmp/nss/a/c           => ok
init: mount tmpfs /tmp/nss/a/c     => ok
init: make-shared /tmp/nss/a       => ok
init: mkdir /tmp/nss/d             => ok
init: mount move /tmp/nss/a/c /tmp/nss/d => EINVAL
init: make-private /tmp/nss/a      => ok
init: mount move /tmp/nss/a/c /tmp/nss/d => ok
init: mounted /tmp/nss/d           => yes
