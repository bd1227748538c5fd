@title: two mounts on one path stack; the top one is visible, unmounting it reveals the lower one
# M6.1: each mount of a stack has its own mountinfo line with the same mount point
@needs: mnt
init: mkdir /tmp/nss/s               => ok
init: mount tmpfs /tmp/nss/s         => ok
init: touch /tmp/nss/s/lower         => ok
init: mount tmpfs /tmp/nss/s         => ok
init: mounts /tmp/nss/s              => /tmp/nss/s,/tmp/nss/s
init: exists /tmp/nss/s/lower        => no
init: remount /tmp/nss/s ro          => ok     # the top of the stack only
init: mount-opts /tmp/nss/s          => ro,relatime
init: umount /tmp/nss/s              => ok
init: mounted /tmp/nss/s             => yes    # the lower one is still there
init: mount-opts /tmp/nss/s          => rw,relatime
init: exists /tmp/nss/s/lower        => yes
init: umount /tmp/nss/s              => ok
init: mounted /tmp/nss/s             => no
