@title: a lazily unmounted pin is gone at once for path lookups; a namespace made later has a new label
# M8.1, M10.8: MNT_DETACH of the nsfs bind mount
@needs: ipc,mnt
init: clone a ipc                    => 2
init: pin a ipc /tmp/nss/i           => ok
init: nspath /tmp/nss/i              => ipc:2
a: exit                              => ok
init: umount-lazy /tmp/nss/i         => ok
init: nspath /tmp/nss/i              => EINVAL
init: clone b ipc                    => 3
b: ns ipc                            => ipc:3   # a new namespace, never ipc:2 again
