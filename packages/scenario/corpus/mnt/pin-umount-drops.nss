@title: unmounting a pin leaves the plain file behind; the namespace is no longer reachable by it
# M8.1, M10.8, M10.2: the pin is only a mount; the file created for it stays
@needs: uts,mnt
init: clone a uts                    => 2
init: pin a uts /tmp/nss/u           => ok
a: exit                              => ok
init: umount /tmp/nss/u              => ok
init: exists /tmp/nss/u              => yes
init: mounted /tmp/nss/u             => no
init: nspath /tmp/nss/u              => EINVAL
init: clone b -                      => 3
b: setns-path /tmp/nss/u             => EINVAL
init: pin b uts /tmp/nss/u           => EEXIST   # the file is still there
