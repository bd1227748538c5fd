@title: a new tmpfs on a new directory makes it a mount point with its own, empty content
# M6.1, M10.2: the mount appears in the caller's mountinfo with its own options
@needs: mnt
init: mkdir /tmp/nss/a               => ok
init: touch /tmp/nss/a/under         => ok
init: mounted /tmp/nss/a             => no
init: mount tmpfs /tmp/nss/a         => ok
init: mounted /tmp/nss/a             => yes
init: exists /tmp/nss/a/under        => no     # covered by the new tmpfs
init: mount-opts /tmp/nss/a          => rw,relatime
init: mounts /tmp/nss                => /tmp/nss,/tmp/nss/a
init: mkdir /tmp/nss/a               => EEXIST
