@title: a directory is mounted only on a directory and a file only on a file
# M9.4
@needs: mnt
init: mkdir /tmp/nss/d             => ok
init: touch /tmp/nss/f             => ok
init: mount bind /tmp/nss/f /tmp/nss/d => ENOTDIR
init: mount bind /tmp/nss/d /tmp/nss/f => ENOTDIR
init: mount tmpfs /tmp/nss/f       => ENOTDIR
init: touch /tmp/nss/g             => ok
init: mount bind /tmp/nss/f /tmp/nss/g => ok
init: mounted /tmp/nss/g           => yes
