@title: a pinned ns file opens but has nothing to read, unlike a file made on the tmpfs
# M10.10, M8.1
@needs: mnt,uts
init: pin init uts /tmp/nss/n        => ok
init: cat /tmp/nss/n                 => EINVAL
init: touch /tmp/nss/f               => ok
init: cat /tmp/nss/f                 => -
